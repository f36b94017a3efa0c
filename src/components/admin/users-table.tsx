"use client";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { SearchField } from "@/components/ui/search-field";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";
import { formatWhen } from "./format";
import { QueryState } from "./query-state";
import { ReasonDialog } from "./reason-dialog";
import { linkButton, smallButton, Table, Td, Th } from "./table";
import { useAfterAdminAction } from "./use-admin-mutation";

type Target = { id: string; username: string; action: "ban" | "unban" };
const selectClass =
  "rounded-lg border border-slate-300 bg-white px-2 py-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

export function UsersTable({ meId, onShowMessages }: { meId: string; onShowMessages: (userId: string, label: string) => void }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<"" | "user" | "admin">("");
  const [banned, setBanned] = useState<"" | "yes" | "no">("");
  const [target, setTarget] = useState<Target | null>(null);
  const deferredQ = useDeferredValue(q.trim());
  const input = {
    q: deferredQ || undefined,
    role: role || undefined,
    banned: banned === "" ? undefined : banned === "yes",
    limit: 25,
  };
  const users = useInfiniteQuery(trpc.admin.users.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }));
  const after = useAfterAdminAction();
  const onError = (error: { message: string }) => toast(error.message, "error");
  const ban = useMutation(trpc.admin.ban.mutationOptions({ onSuccess: (u) => (setTarget(null), after(`@${u.username} is banned`)) }));
  const unban = useMutation(
    trpc.admin.unban.mutationOptions({ onSuccess: (u) => (setTarget(null), after(`@${u.username} may sign in again`)) }),
  );
  const setUserRole = useMutation(
    trpc.admin.setRole.mutationOptions({
      onSuccess: (u) => after(u.role === "admin" ? `@${u.username} is now an admin` : `@${u.username} is no longer an admin`),
      onError,
    }),
  );
  const disconnect = useMutation(
    trpc.admin.disconnect.mutationOptions({
      onSuccess: ({ closed }) => after(closed === 1 ? "Closed 1 connection" : `Closed ${closed} connections`),
      onError,
    }),
  );
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <div className="flex flex-wrap items-end gap-3 p-4">
        <div className="min-w-[14rem] flex-1">
          <SearchField label="Search users by username or name" value={q} onChange={setQ} onEscape={() => setQ("")} onClear={() => setQ("")} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          Role
          <select className={selectClass} value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            <option value="">Any</option>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm">
          Status
          <select className={selectClass} value={banned} onChange={(e) => setBanned(e.target.value as typeof banned)}>
            <option value="">Any</option>
            <option value="no">Not banned</option>
            <option value="yes">Banned</option>
          </select>
        </label>
      </div>
      <QueryState query={users} isEmpty={items.length === 0} empty="No users match." what="users">
        <Table caption="Users">
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th>Joined</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => {
              const self = u.id === meId;
              const name = `${u.firstName} ${u.lastName}`;
              return (
                <tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <Td>
                    <div className="font-medium">{name}</div>
                    <div className="text-xs text-slate-500 dark:text-slate-400">@{u.username}</div>
                  </Td>
                  <Td>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>{`Role of @${u.username}`}</label>
                    <select
                      id={`role-${u.id}`}
                      className={selectClass}
                      value={u.role}
                      disabled={self || setUserRole.isPending}
                      title={self ? "You cannot change your own role" : undefined}
                      onChange={(e) => setUserRole.mutate({ userId: u.id, role: e.target.value as "user" | "admin" })}
                    >
                      <option value="user">User</option>
                      <option value="admin">Admin</option>
                    </select>
                  </Td>
                  <Td>
                    {u.bannedAt ? (
                      <div>
                        <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
                          Banned
                        </span>
                        <p className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-300">{u.banReason}</p>
                      </div>
                    ) : u.online ? (
                      <span className="text-emerald-700 dark:text-emerald-400">Online</span>
                    ) : (
                      <span className="text-slate-500 dark:text-slate-400">
                        {u.lastSeenAt ? `Last seen ${formatWhen(u.lastSeenAt)}` : "Never connected"}
                      </span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatWhen(u.createdAt)}</Td>
                  <Td>
                    <div className="flex flex-wrap justify-end gap-1">
                      <button type="button" className={`${smallButton} ${linkButton}`} onClick={() => onShowMessages(u.id, `@${u.username}`)}>
                        Messages<span className="sr-only">{` of @${u.username}`}</span>
                      </button>
                      {self ? (
                        <span className="px-2 py-1 text-xs text-slate-500 dark:text-slate-400">You</span>
                      ) : (
                        <>
                          <button
                            type="button"
                            className={`${smallButton} bg-slate-100 hover:bg-slate-200 dark:bg-slate-800 dark:hover:bg-slate-700`}
                            disabled={!u.online || disconnect.isPending}
                            onClick={() => disconnect.mutate({ userId: u.id })}
                          >
                            Disconnect<span className="sr-only">{` @${u.username}`}</span>
                          </button>
                          {u.bannedAt ? (
                            <button
                              type="button"
                              className={`${smallButton} bg-slate-100 hover:bg-slate-200 dark:bg-slate-800 dark:hover:bg-slate-700`}
                              onClick={() => setTarget({ id: u.id, username: u.username, action: "unban" })}
                            >
                              Unban<span className="sr-only">{` @${u.username}`}</span>
                            </button>
                          ) : (
                            <button
                              type="button"
                              className={`${smallButton} bg-red-600 text-white hover:bg-red-700`}
                              onClick={() => setTarget({ id: u.id, username: u.username, action: "ban" })}
                            >
                              Ban<span className="sr-only">{` @${u.username}`}</span>
                            </button>
                          )}
                        </>
                      )}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </QueryState>
      {target?.action === "ban" ? (
        <ReasonDialog
          title={`Ban @${target.username}`}
          description="They are signed out everywhere at once and cannot sign in while banned. They will see the reason."
          label="Reason"
          actionLabel="Ban"
          required
          danger
          pending={ban.isPending}
          serverError={ban.error?.message ?? null}
          onSubmit={(reason) => ban.mutate({ userId: target.id, reason: reason! })}
          onClose={() => (ban.reset(), setTarget(null))}
        />
      ) : target?.action === "unban" ? (
        <ReasonDialog
          title={`Unban @${target.username}`}
          description="They may sign in again. Devices the ban signed out stay signed out."
          label="Reason"
          actionLabel="Unban"
          required={false}
          pending={unban.isPending}
          serverError={unban.error?.message ?? null}
          onSubmit={(reason) => unban.mutate({ userId: target.id, reason })}
          onClose={() => (unban.reset(), setTarget(null))}
        />
      ) : null}
    </div>
  );
}

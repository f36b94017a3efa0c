"use client";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { SearchField } from "@/components/ui/search-field";
import { useTRPC } from "@/trpc/react";
import { formatWhen, personLabel } from "./format";
import { QueryState } from "./query-state";
import { ReasonDialog } from "./reason-dialog";
import { linkButton, smallButton, Table, Td, Th } from "./table";
import { useAfterAdminAction } from "./use-admin-mutation";

export type MessageFilter = { chat?: { id: string; label: string }; user?: { id: string; label: string } };

export function MessagesTable({ filter, onFilter }: { filter: MessageFilter; onFilter: (filter: MessageFilter) => void }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const deferredQ = useDeferredValue(q.trim());
  const [deleting, setDeleting] = useState<{ id: string; preview: string } | null>(null);
  const input = { q: deferredQ || undefined, chatId: filter.chat?.id, userId: filter.user?.id, limit: 25 };
  const messages = useInfiniteQuery(trpc.admin.messages.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }));
  const after = useAfterAdminAction();
  const remove = useMutation(
    trpc.admin.deleteMessage.mutationOptions({ onSuccess: () => (setDeleting(null), after("Message deleted for everyone")) }),
  );
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];
  const chips = [
    filter.chat ? { key: "chat", text: `Chat: ${filter.chat.label}`, clear: () => onFilter({ ...filter, chat: undefined }) } : null,
    filter.user ? { key: "user", text: `Sender: ${filter.user.label}`, clear: () => onFilter({ ...filter, user: undefined }) } : null,
  ].filter((chip) => chip !== null);

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 p-4">
        <div className="min-w-[14rem] flex-1">
          <SearchField label="Search message text" value={q} onChange={setQ} onEscape={() => setQ("")} onClear={() => setQ("")} />
        </div>
        {chips.map((chip) => (
          <span key={chip.key} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-1 text-sm text-brand-700 dark:bg-slate-800 dark:text-slate-100">
            {chip.text}
            <button type="button" className="rounded-full p-1 hover:bg-brand-100 dark:hover:bg-slate-700" onClick={chip.clear} aria-label={`Remove filter ${chip.text}`}>
              <X className="h-3.5 w-3.5" aria-hidden="true" />
            </button>
          </span>
        ))}
      </div>
      <QueryState query={messages} isEmpty={items.length === 0} empty="No messages match." what="messages">
        <Table caption="Messages">
          <thead>
            <tr>
              <Th>Sent</Th>
              <Th>Chat</Th>
              <Th>Sender</Th>
              <Th>Message</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <Td className="whitespace-nowrap">{formatWhen(m.createdAt)}</Td>
                <Td>
                  <button type="button" className={linkButton} onClick={() => onFilter({ ...filter, chat: { id: m.chat.id, label: m.chat.title } })}>
                    {m.chat.title}
                  </button>
                  <div className="text-xs capitalize text-slate-500 dark:text-slate-400">{m.chat.type}</div>
                </Td>
                <Td>
                  {m.sender ? (
                    <button
                      type="button"
                      className={linkButton}
                      onClick={() => onFilter({ ...filter, user: { id: m.sender!.id, label: `@${m.sender!.username}` } })}
                    >
                      {personLabel(m.sender)}
                    </button>
                  ) : (
                    "Deleted account"
                  )}
                </Td>
                <Td className="max-w-md">
                  {m.deletedAt ? (
                    <em className="text-slate-500 dark:text-slate-400">Deleted {formatWhen(m.deletedAt)}</em>
                  ) : (
                    <p className="line-clamp-3 whitespace-pre-wrap break-words">{m.content || <em className="text-slate-500 dark:text-slate-400">({m.kind})</em>}</p>
                  )}
                </Td>
                <Td className="text-right">
                  {m.deletedAt || m.kind === "system" ? null : (
                    <button
                      type="button"
                      className={`${smallButton} bg-red-600 text-white hover:bg-red-700`}
                      onClick={() => setDeleting({ id: m.id, preview: m.content.slice(0, 80) })}
                    >
                      Delete<span className="sr-only"> this message</span>
                    </button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryState>
      {deleting ? (
        <ReasonDialog
          title="Delete for everyone"
          description={`“${deleting.preview}” becomes a tombstone in its chat for every member, at once.`}
          label="Reason"
          actionLabel="Delete"
          required
          danger
          pending={remove.isPending}
          serverError={remove.error?.message ?? null}
          onSubmit={(reason) => remove.mutate({ messageId: deleting.id, reason: reason! })}
          onClose={() => (remove.reset(), setDeleting(null))}
        />
      ) : null}
    </div>
  );
}

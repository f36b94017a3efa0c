"use client";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { formatWhen, personLabel } from "./format";
import { QueryState } from "./query-state";
import { ReasonDialog } from "./reason-dialog";
import { smallButton, Table, Td, Th } from "./table";
import { useAfterAdminAction } from "./use-admin-mutation";

type Action = "dismiss" | "delete" | "ban";
type Pending = { reportId: string; action: Action; author: string };

const actionCopy: Record<Action, { title: string; label: string; description: string; done: string }> = {
  dismiss: {
    title: "Dismiss the reports",
    label: "Dismiss",
    description: "The message stays. Every open report of it is closed.",
    done: "Reports dismissed",
  },
  delete: {
    title: "Delete the message",
    label: "Delete message",
    description: "The message becomes a tombstone for everyone in its chat, at once. Every open report of it is closed.",
    done: "Message deleted and reports resolved",
  },
  ban: {
    title: "Ban the author",
    label: "Ban author",
    description: "The author is signed out everywhere and cannot sign in. They will see your note as the reason (or the report's reason if you leave it empty).",
    done: "Author banned and reports resolved",
  },
};

const resolutionText = { dismiss: "Dismissed", delete: "Message deleted", ban: "Author banned" } as const;

export function ReportsPanel() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"open" | "resolved">("open");
  const [pending, setPending] = useState<Pending | null>(null);
  const reports = useInfiniteQuery(
    trpc.admin.reports.infiniteQueryOptions({ status, limit: 10 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const after = useAfterAdminAction();
  const resolve = useMutation(
    trpc.admin.resolveReport.mutationOptions({
      onSuccess: (result) => (setPending(null), after(actionCopy[result.action].done)),
    }),
  );
  const items = reports.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <div role="group" aria-label="Which reports" className="flex gap-2 p-4">
        {(["open", "resolved"] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            onClick={() => setStatus(s)}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ${
              status === s
                ? "bg-brand-600 text-white"
                : "bg-slate-100 text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
            }`}
          >
            {s === "open" ? "Open" : "Resolved"}
          </button>
        ))}
      </div>
      <QueryState
        query={reports}
        isEmpty={items.length === 0}
        empty={status === "open" ? "No open reports. Nothing waits for you." : "No resolved reports yet."}
        what="reports"
      >
        <ol className="space-y-4 px-4 pb-4">
          {items.map((item) => {
            const author = item.message.sender ? `@${item.message.sender.username}` : "the author";
            return (
              <li key={item.reportId}>
                <article
                  aria-labelledby={`report-${item.reportId}`}
                  className="rounded-2xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
                  data-testid="report-item"
                >
                  <h3 id={`report-${item.reportId}`} className="font-semibold">
                    {personLabel(item.message.sender)} in {item.message.chat.title}
                  </h3>
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    Sent {formatWhen(item.message.createdAt)} · {item.reports.length} report{item.reports.length === 1 ? "" : "s"}
                  </p>
                  {item.reportedContent !== null && item.reportedContent !== item.message.content ? (
                    <blockquote className="mt-3 rounded-lg border-l-4 border-amber-400 bg-amber-50 p-3 text-sm dark:bg-amber-950/40">
                      <p className="text-xs font-medium text-amber-800 dark:text-amber-300">As reported</p>
                      <p className="whitespace-pre-wrap break-words">{item.reportedContent}</p>
                    </blockquote>
                  ) : null}
                  <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">In context</h4>
                  <ol className="mt-1 space-y-1 text-sm" aria-label="The reported message and the messages around it">
                    {item.context.map((m) => {
                      const reported = m.id === item.message.id;
                      return (
                        <li
                          key={m.id}
                          aria-current={reported ? "true" : undefined}
                          className={`rounded-lg px-3 py-1.5 ${reported ? "bg-red-50 ring-1 ring-red-300 dark:bg-red-950/40 dark:ring-red-900" : "bg-slate-50 dark:bg-slate-800/60"}`}
                        >
                          <span className="font-medium">{m.sender ? `@${m.sender.username}` : "System"}: </span>
                          {m.deletedAt ? (
                            <em className="text-slate-500 dark:text-slate-400">deleted</em>
                          ) : (
                            <span className="whitespace-pre-wrap break-words">{m.content}</span>
                          )}
                          {reported ? <span className="ml-2 rounded bg-red-600 px-1.5 py-0.5 text-xs text-white">Reported</span> : null}
                        </li>
                      );
                    })}
                  </ol>
                  <div className="mt-3">
                    <Table caption="Reports of this message" narrow>
                      <thead>
                        <tr>
                          <Th>Reporter</Th>
                          <Th>Reason</Th>
                          <Th>When</Th>
                        </tr>
                      </thead>
                      <tbody>
                        {item.reports.map((r) => (
                          <tr key={r.id}>
                            <Td>{personLabel(r.reporter)}</Td>
                            <Td className="break-words">{r.reason}</Td>
                            <Td className="whitespace-nowrap">{formatWhen(r.createdAt)}</Td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  </div>
                  {item.resolution ? (
                    <p className="mt-3 text-sm">
                      <strong>{resolutionText[item.resolution.action]}</strong> by {personLabel(item.resolution.by)},{" "}
                      {formatWhen(item.resolution.at)}
                      {item.resolution.note ? `: ${item.resolution.note}` : ""}
                    </p>
                  ) : (
                    <div className="mt-3 flex flex-wrap gap-2">
                      {(["dismiss", "delete", "ban"] as const).map((action) => (
                        <button
                          key={action}
                          type="button"
                          onClick={() => setPending({ reportId: item.reportId, action, author })}
                          disabled={action === "ban" && !item.message.sender}
                          className={`${smallButton} px-3 py-1.5 text-sm ${
                            action === "dismiss"
                              ? "bg-slate-100 hover:bg-slate-200 dark:bg-slate-800 dark:hover:bg-slate-700"
                              : "bg-red-600 text-white hover:bg-red-700"
                          }`}
                        >
                          {action === "ban" ? `Ban ${author}` : actionCopy[action].label}
                        </button>
                      ))}
                    </div>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      </QueryState>
      {pending ? (
        <ReasonDialog
          title={pending.action === "ban" ? `Ban ${pending.author}` : actionCopy[pending.action].title}
          description={actionCopy[pending.action].description}
          label="Note"
          actionLabel={actionCopy[pending.action].label}
          required={false}
          danger={pending.action !== "dismiss"}
          pending={resolve.isPending}
          serverError={resolve.error?.message ?? null}
          onSubmit={(note) => resolve.mutate({ reportId: pending.reportId, action: pending.action, note })}
          onClose={() => (resolve.reset(), setPending(null))}
        />
      ) : null}
    </div>
  );
}

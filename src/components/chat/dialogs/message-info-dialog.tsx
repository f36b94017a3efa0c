"use client";
import { useQuery } from "@tanstack/react-query";
import { Check, CheckCheck } from "lucide-react";
import { Dialog } from "@/components/ui/dialog";
import { QueryFallback } from "@/components/ui/query-fallback";
import { fullTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { PersonSummary } from "@/components/chat/people/person-summary";

/** Who in the group has my message: read (and when), delivered, or not yet. */
export function MessageInfoDialog({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const receipts = useQuery(trpc.messages.receipts.queryOptions({ messageId }));
  const read = receipts.data?.filter((r) => r.readAt !== null).length ?? 0;
  return (
    <Dialog title="Message info" onClose={onClose}>
      <div className="min-h-40">
        {receipts.isPending || receipts.isError ? (
          <QueryFallback query={receipts} loading="Loading who read it" failed="Could not load who read this message." tone="error" />
        ) : receipts.data.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">No one else is in this chat.</p>
        ) : (
          <>
            <p className="px-4 pt-3 text-sm text-slate-500 dark:text-slate-400">
              Read by {read} of {receipts.data.length}
            </p>
            <ul aria-label="Receipts" className="py-2">
              {receipts.data.map(({ user, delivered, readAt }) => (
                <li key={user.id} data-testid="receipt-row" className="flex items-center gap-3 px-4 py-2">
                  <PersonSummary user={user} size="sm" />
                  <span className="ml-auto flex shrink-0 items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
                    {readAt ? (
                      <>
                        <CheckCheck className="h-4 w-4 text-brand-500" aria-hidden="true" />
                        <time dateTime={readAt}>Read {fullTime(readAt)}</time>
                      </>
                    ) : delivered ? (
                      <>
                        <CheckCheck className="h-4 w-4" aria-hidden="true" />
                        Delivered
                      </>
                    ) : (
                      <>
                        <Check className="h-4 w-4" aria-hidden="true" />
                        Not delivered yet
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Dialog>
  );
}

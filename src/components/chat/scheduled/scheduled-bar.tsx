"use client";
import { useQuery } from "@tanstack/react-query";
import { AlertCircle, Clock } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { ScheduledDialog } from "@/components/chat/dialogs/lazy";

/** Under the header while I have messages scheduled in this chat: "Scheduled (n)" opens the list. */
export function ScheduledBar({ chatId }: { chatId: string }) {
  const trpc = useTRPC();
  const scheduled = useQuery(trpc.messages.scheduled.queryOptions({ chatId }));
  const [open, setOpen] = useState(false);
  const items = scheduled.data ?? [];
  const failed = items.filter((item) => item.schedule.state === "failed").length;
  return (
    <>
      {items.length > 0 ? (
        <div className="border-b border-slate-200 bg-white/95 px-3 dark:border-slate-800 dark:bg-slate-950/95">
          <button
            type="button"
            data-testid="scheduled-bar"
            onClick={() => setOpen(true)}
            aria-haspopup="dialog"
            className="flex w-full items-center gap-2 py-2 text-left text-sm font-medium text-brand-600 hover:underline dark:text-brand-400"
          >
            <Clock className="h-4 w-4 shrink-0" aria-hidden="true" />
            <span className="flex-1">Scheduled ({items.length})</span>
            {failed > 0 ? (
              <span className="inline-flex items-center gap-1 text-red-600 dark:text-red-400">
                <AlertCircle className="h-4 w-4" aria-hidden="true" />
                {failed} not sent
              </span>
            ) : null}
          </button>
        </div>
      ) : null}
      {/* Stays open while its last item goes (sent or cancelled): it then says the list is empty. */}
      {open ? <ScheduledDialog chatId={chatId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

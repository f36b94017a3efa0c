"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertCircle, Clock, Pencil, SendHorizontal, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { QueryFallback } from "@/components/ui/query-fallback";
import { toast } from "@/components/ui/toast";
import { addMessageToCache } from "@/components/chat/cache";
import { messageSnippet } from "@/lib/message-snippet";
import { ScheduleDialog } from "@/components/chat/composer/schedule-dialog";
import { fullTime } from "@/lib/format";
import type { ScheduledMessageView } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";

type Editing = { item: ScheduledMessageView; part: "text" | "time" };

/** My scheduled messages in this chat, soonest first, each with edit, send now and cancel. */
export function ScheduledDialog({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scheduled = useQuery(trpc.messages.scheduled.queryOptions({ chatId }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const refresh = () => void queryClient.invalidateQueries(trpc.messages.scheduled.pathFilter());
  const failure = (error: { message: string }) => toast(error.message, "error");
  const edit = useMutation(trpc.messages.editScheduled.mutationOptions({ onSuccess: refresh, onError: failure }));
  const cancel = useMutation(trpc.messages.cancelScheduled.mutationOptions({ onSuccess: refresh, onError: failure }));
  const sendNow = useMutation(
    trpc.messages.sendScheduledNow.mutationOptions({
      onSuccess: (message) => {
        addMessageToCache(queryClient, trpc, message);
        refresh();
      },
      onError: failure,
    }),
  );
  const busy = edit.isPending || cancel.isPending || sendNow.isPending;

  if (editing?.part === "time") {
    return (
      <ScheduleDialog
        title="Change the time"
        initial={new Date(editing.item.schedule.scheduledFor)}
        onPick={(at) => {
          edit.mutate({ id: editing.item.id, scheduledFor: at });
          setEditing(null);
        }}
        onClose={() => setEditing(null)}
      />
    );
  }
  return (
    <Dialog title="Scheduled messages" onClose={onClose}>
      {scheduled.data === undefined ? (
        <QueryFallback query={scheduled} loading="Loading scheduled messages" failed="Could not load your scheduled messages." tone="error" />
      ) : scheduled.data.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400" role="status">
          Nothing scheduled in this chat.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="scheduled-list">
          {scheduled.data.map((item) => (
            <li key={item.id} className="flex flex-col gap-1.5 px-4 py-3" data-testid="scheduled-item">
              {editing?.item.id === item.id ? (
                <TextEditor
                  initial={item.content}
                  onSave={(content) => {
                    edit.mutate({ id: item.id, content });
                    setEditing(null);
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <p className="whitespace-pre-wrap break-words text-sm">{messageSnippet(item)}</p>
              )}
              <p className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
                <Clock className="h-3.5 w-3.5" aria-hidden="true" />
                <time dateTime={item.schedule.scheduledFor}>{fullTime(item.schedule.scheduledFor)}</time>
              </p>
              {item.schedule.state === "failed" ? (
                <p className="flex items-start gap-1.5 text-xs text-red-600 dark:text-red-400" data-testid="scheduled-failure">
                  <AlertCircle className="mt-px h-3.5 w-3.5 shrink-0" aria-hidden="true" />
                  {item.schedule.failureReason ?? "Not sent."}
                </p>
              ) : null}
              <div className="flex flex-wrap gap-1">
                {item.kind === "text" || item.kind === "attachment" ? (
                  <Button variant="ghost" className="px-2 py-1" disabled={busy} onClick={() => setEditing({ item, part: "text" })}>
                    <Pencil className="h-4 w-4" aria-hidden="true" /> Edit
                  </Button>
                ) : null}
                <Button variant="ghost" className="px-2 py-1" disabled={busy} onClick={() => setEditing({ item, part: "time" })}>
                  <Clock className="h-4 w-4" aria-hidden="true" /> Change time
                </Button>
                <Button variant="ghost" className="px-2 py-1" disabled={busy} onClick={() => sendNow.mutate({ id: item.id })}>
                  <SendHorizontal className="h-4 w-4" aria-hidden="true" /> Send now
                </Button>
                <Button
                  variant="ghost"
                  className="px-2 py-1 text-red-600 dark:text-red-400"
                  disabled={busy}
                  onClick={() => cancel.mutate({ id: item.id })}
                >
                  <Trash2 className="h-4 w-4" aria-hidden="true" /> Cancel
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/** The item's text in a box: Enter (or Save) saves, Esc lets go without closing the dialog. */
function TextEditor({ initial, onSave, onCancel }: { initial: string; onSave: (content: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  return (
    <div className="flex flex-col gap-1.5">
      <label className="sr-only" htmlFor="scheduled-edit">
        Message
      </label>
      <textarea
        id="scheduled-edit"
        autoFocus
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            onSave(text);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
        className="w-full resize-none rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
      />
      <div className="flex justify-end gap-1">
        <Button variant="ghost" className="px-2 py-1" onClick={onCancel}>
          Cancel
        </Button>
        <Button className="px-3 py-1" onClick={() => onSave(text)}>
          Save
        </Button>
      </div>
    </div>
  );
}

"use client";
// What sits in the composer's place or above its box: the voice recorder while recording, and
// the message being answered or edited.
import { Pencil, Reply, SendHorizontal, Trash2, X } from "lucide-react";
import { formatDuration } from "@/lib/format";
import { useNow } from "@/components/ui/use-now";
import { messageSnippet } from "@/lib/message-snippet";
import type { MessageView } from "@/lib/api-types";
import { roundClass, toolClass } from "./composer-styles";

export type ComposerMode = { kind: "reply" | "edit"; message: MessageView; senderName: string } | null;

/** While recording: a pulsing dot and the time so far, with Cancel (or Esc) and Send (focused, so Enter sends). */
export function RecordingBar({ startedAt, onCancel, onSend }: { startedAt: number; onCancel: () => void; onSend: () => void }) {
  const now = useNow(250);
  return (
    <div
      data-testid="voice-recorder"
      className="flex items-center gap-2"
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        onCancel();
      }}
    >
      <button type="button" onClick={onCancel} aria-label="Cancel recording" title="Cancel recording" className={toolClass}>
        <Trash2 className="h-5 w-5" aria-hidden="true" />
      </button>
      <p className="flex flex-1 items-center gap-2 rounded-2xl bg-slate-50 px-4 py-2 text-[15px] dark:bg-slate-900" role="status">
        <span className="relative flex h-3 w-3" aria-hidden="true">
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-red-400 opacity-75" />
          <span className="relative inline-flex h-3 w-3 rounded-full bg-red-500" />
        </span>
        <span className="tabular-nums" data-testid="recording-time">
          {formatDuration((now.getTime() - startedAt) / 1000)}
        </span>
        <span className="text-slate-500 dark:text-slate-400">Recording…</span>
      </p>
      <button type="button" onClick={onSend} aria-label="Send voice message" title="Send voice message" className={roundClass} autoFocus>
        <SendHorizontal className="h-5 w-5" aria-hidden="true" />
      </button>
    </div>
  );
}

export function ModeBar({ mode, onCancel }: { mode: NonNullable<ComposerMode>; onCancel: () => void }) {
  const editing = mode.kind === "edit";
  const Icon = editing ? Pencil : Reply;
  return (
    <div data-testid={editing ? "edit-bar" : "reply-bar"} className="mb-2 flex items-center gap-3 pl-1">
      <Icon className="h-5 w-5 shrink-0 text-brand-600 dark:text-brand-400" aria-hidden="true" />
      <div className="min-w-0 flex-1 border-l-2 border-brand-500 pl-2 text-sm leading-tight">
        <p className="truncate font-semibold text-brand-600 dark:text-brand-400">
          {editing ? "Editing message" : `Reply to ${mode.senderName}`}
        </p>
        <p className="truncate text-slate-600 dark:text-slate-400">{messageSnippet(mode.message)}</p>
      </div>
      <button
        type="button"
        onClick={onCancel}
        aria-label={editing ? "Cancel editing" : "Cancel reply"}
        title="Cancel (Esc)"
        className="rounded-full p-1.5 text-slate-500 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <X className="h-5 w-5" aria-hidden="true" />
      </button>
    </div>
  );
}

"use client";
import { Check, Contact, Pencil, Reply, SendHorizontal, X } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { MessageView, PublicUser } from "@/server/services/views";
import { ShareContactDialog } from "./share-contact-dialog";
import { messageSnippet } from "./snippet";
import { useTypingSignal } from "./use-typing";

const MAX_LENGTH = 4000;

export type ComposerMode = { kind: "reply" | "edit"; message: MessageView; senderName: string } | null;

/**
 * Enter sends, Shift+Enter starts a new line; the box grows with its text. Above it, the
 * message being answered or edited; Esc lets go of it, ArrowUp in an empty box edits my last
 * message. Left of the box, a button to share someone's contact.
 */
export function Composer({
  chatId,
  mode,
  onSend,
  onShareContact,
  onSave,
  onCancel,
  onEditLast,
}: {
  chatId: string;
  mode: ComposerMode;
  onSend: (content: string) => void;
  onShareContact: (contact: PublicUser) => void;
  onSave: (messageId: string, content: string) => void;
  onCancel: () => void;
  onEditLast: () => boolean;
}) {
  const [text, setText] = useState("");
  // The draft put aside while a message is edited, given back afterwards.
  const [draft, setDraft] = useState("");
  const [editingId, setEditingId] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSignal(chatId);
  const editing = mode?.kind === "edit" ? mode.message : null;

  if ((editing?.id ?? null) !== editingId) {
    setEditingId(editing?.id ?? null);
    if (editing) {
      if (!editingId) setDraft(text);
      setText(editing.content);
    } else {
      setText(draft);
      setDraft("");
    }
  }

  const canSend = text.trim().length > 0 && text.length <= MAX_LENGTH;

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  }, [text]);

  const modeKey = mode ? `${mode.kind}:${mode.message.id}` : "";
  useEffect(() => {
    const box = ref.current;
    if (!modeKey || !box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, [modeKey]);

  function submit() {
    if (!canSend) return;
    typing.stop();
    if (editing) onSave(editing.id, text);
    else {
      onSend(text);
      setText("");
    }
    requestAnimationFrame(() => ref.current?.focus());
  }

  function closeSharing() {
    setSharing(false);
    // After the dialog hands focus back to this button: typing goes on in the box.
    requestAnimationFrame(() => ref.current?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape" && mode) {
      event.preventDefault();
      onCancel();
    } else if (event.key === "ArrowUp" && text === "" && !mode && onEditLast()) {
      event.preventDefault();
    }
  }

  return (
    <>
      <form
        className="border-t border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-950"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {mode ? <ModeBar mode={mode} onCancel={onCancel} /> : null}
        <div className="flex items-end gap-2">
          {editing ? null : (
            <button
              type="button"
              onClick={() => setSharing(true)}
              aria-label="Share a contact"
              title="Share a contact"
              className="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-slate-500 transition-colors hover:bg-slate-100 hover:text-brand-600 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-brand-500"
            >
              <Contact className="h-5 w-5" aria-hidden="true" />
            </button>
          )}
          <label className="min-w-0 flex-1">
            <span className="sr-only">Message</span>
            <textarea
              ref={ref}
              rows={1}
              value={text}
              autoFocus
              placeholder="Write a message…"
              onChange={(e) => {
                setText(e.target.value);
                if (editing) return;
                if (e.target.value.trim()) typing.typed();
                else typing.stop();
              }}
              onBlur={() => !text.trim() && typing.stop()}
              onKeyDown={onKeyDown}
              className="block max-h-40 w-full resize-none rounded-2xl border border-slate-300 bg-slate-50 px-4 py-2 text-[15px] focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
            />
            {text.length > MAX_LENGTH - 200 ? (
              <span className={`block px-2 text-xs ${text.length > MAX_LENGTH ? "text-red-600" : "text-slate-500"}`}>
                {text.length}/{MAX_LENGTH}
              </span>
            ) : null}
          </label>
          <button
            type="submit"
            aria-label={editing ? "Save changes" : "Send"}
            title={editing ? "Save changes" : "Send"}
            disabled={!canSend}
            className="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-white transition-colors hover:bg-brand-700 disabled:bg-slate-300 dark:disabled:bg-slate-700"
          >
            {editing ? <Check className="h-5 w-5" aria-hidden="true" /> : <SendHorizontal className="h-5 w-5" aria-hidden="true" />}
          </button>
        </div>
      </form>
      {/* Outside the form: Enter in its search box must not send the draft. */}
      {sharing ? (
        <ShareContactDialog
          onPick={(contact) => {
            onShareContact(contact);
            closeSharing();
          }}
          onClose={closeSharing}
        />
      ) : null}
    </>
  );
}

function ModeBar({ mode, onCancel }: { mode: NonNullable<ComposerMode>; onCancel: () => void }) {
  const editing = mode.kind === "edit";
  const Icon = editing ? Pencil : Reply;
  return (
    <div data-testid={editing ? "edit-bar" : "reply-bar"} className="mb-2 flex items-center gap-3 pl-1">
      <Icon className="h-5 w-5 shrink-0 text-brand-600 dark:text-brand-500" aria-hidden="true" />
      <div className="min-w-0 flex-1 border-l-2 border-brand-500 pl-2 text-sm leading-tight">
        <p className="truncate font-semibold text-brand-600 dark:text-brand-500">
          {editing ? "Editing message" : `Reply to ${mode.senderName}`}
        </p>
        <p className="truncate text-slate-600 dark:text-slate-400">{messageSnippet(mode.message)}</p>
      </div>
      <button
        type="button"
        onClick={onCancel}
        aria-label={editing ? "Cancel editing" : "Cancel reply"}
        title="Cancel (Esc)"
        className="rounded-full p-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <X className="h-5 w-5" aria-hidden="true" />
      </button>
    </div>
  );
}

"use client";
import { SendHorizontal } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";

const MAX_LENGTH = 4000;

/** Enter sends, Shift+Enter starts a new line; the box grows with its text. */
export function Composer({ onSend }: { onSend: (content: string) => void }) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim().length > 0 && text.length <= MAX_LENGTH;

  function submit() {
    if (!canSend) return;
    onSend(text);
    setText("");
    requestAnimationFrame(() => {
      if (ref.current) ref.current.style.height = "auto";
      ref.current?.focus();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-950"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
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
            e.target.style.height = "auto";
            e.target.style.height = `${Math.min(e.target.scrollHeight, 160)}px`;
          }}
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
        aria-label="Send"
        disabled={!canSend}
        className="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-white transition-colors hover:bg-brand-700 disabled:bg-slate-300 dark:disabled:bg-slate-700"
      >
        <SendHorizontal className="h-5 w-5" aria-hidden="true" />
      </button>
    </form>
  );
}

"use client";
import { ArrowDown } from "lucide-react";

/** The round "down" button over the history's bottom right corner, with what is unread below, as in Telegram. */
export function JumpToNewest({ onJump, unread }: { onJump: () => void; unread: number }) {
  return (
    <button
      type="button"
      onClick={onJump}
      aria-label={unread > 0 ? `Jump to the newest messages, ${unread} unread` : "Jump to the newest messages"}
      title="Newest messages"
      data-testid="jump-to-newest"
      className="absolute bottom-3 right-3 z-10 flex h-11 w-11 items-center justify-center rounded-full bg-white text-slate-600 shadow-md ring-1 ring-slate-200 transition-colors hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-700"
    >
      <ArrowDown className="h-5 w-5" aria-hidden="true" />
      {unread > 0 ? (
        <span
          data-testid="unread-below"
          aria-hidden="true"
          className="absolute -top-2 left-1/2 min-w-5 -translate-x-1/2 rounded-full bg-brand-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > 999 ? "999+" : unread}
        </span>
      ) : null}
    </button>
  );
}

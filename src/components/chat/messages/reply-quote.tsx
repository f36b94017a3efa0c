"use client";
import type { ReplyPreview } from "@/lib/api-types";
import { quoteSnippet } from "@/lib/message-snippet";

/** The quoted original atop a reply; a click shows the original. */
export function ReplyQuote({ quote, mine, onClick }: { quote: ReplyPreview; mine: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      data-testid="reply-quote"
      onClick={onClick}
      className={`mb-1 block w-full min-w-0 rounded-md border-l-[3px] px-2 py-0.5 text-left text-[13px] leading-snug ${
        mine
          ? "border-white/80 bg-white/15 hover:bg-white/25"
          : "border-brand-500 bg-brand-50 hover:bg-brand-100 dark:bg-brand-500/10 dark:hover:bg-brand-500/20"
      }`}
    >
      <span className={`block truncate font-semibold ${mine ? "text-white" : "text-brand-600 dark:text-brand-100"}`}>
        {quote.expired ? "Disappeared" : (quote.senderName ?? "Deleted account")}
      </span>
      <span className={`block truncate ${quote.deleted ? "italic opacity-80" : ""} ${mine ? "text-white/90" : "text-slate-600 dark:text-slate-300"}`}>
        {quoteSnippet(quote)}
      </span>
    </button>
  );
}

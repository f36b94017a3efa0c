"use client";
import { reactionLabel } from "@/lib/reactions";
import type { ReactionGroup } from "@/lib/api-types";

/** The reactions under a message: one chip per emoji; a click adds or takes back mine. */
export function ReactionsBar({
  reactions,
  mine,
  nameOf,
  onToggle,
}: {
  reactions: ReactionGroup[];
  mine: boolean;
  nameOf: (userId: string) => string;
  onToggle: (emoji: string) => void;
}) {
  if (reactions.length === 0) return null;
  return (
    <div className={`mt-1 flex flex-wrap gap-1 ${mine ? "justify-end" : "justify-start"}`}>
      {reactions.map((group) => (
        <button
          key={group.emoji}
          type="button"
          data-testid="reaction-chip"
          aria-pressed={group.reactedByMe}
          aria-label={`${group.emoji} ${group.count}`}
          title={`${reactionLabel(group.emoji)}: ${group.userIds.map(nameOf).join(", ")}`}
          onClick={() => onToggle(group.emoji)}
          className={`inline-flex h-7 items-center gap-1 rounded-full border px-2 text-sm transition-colors ${
            group.reactedByMe
              ? "border-brand-500 bg-brand-600 text-white hover:bg-brand-700"
              : "border-slate-200 bg-white text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
          }`}
        >
          <span aria-hidden="true" className="font-emoji">{group.emoji}</span>
          <span aria-hidden="true" className="text-xs font-semibold tabular-nums">
            {group.count}
          </span>
        </button>
      ))}
    </div>
  );
}

"use client";
import type { KeyboardEvent } from "react";

export type ChatFilter = "all" | "direct" | "group" | "support" | "archived";

const tabs: { value: ChatFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "direct", label: "Direct" },
  { value: "group", label: "Groups" },
  { value: "support", label: "Support" },
  { value: "archived", label: "Archived" },
];

/** What `chats.list` is asked for under each tab. */
export function listInputFor(filter: ChatFilter) {
  if (filter === "archived") return { archived: true };
  if (filter === "all") return {};
  return { type: filter };
}

/** Tabs over the chat list; arrow keys, Home and End move between them (one tab stop). */
export function ChatFilters({ value, onChange }: { value: ChatFilter; onChange: (value: ChatFilter) => void }) {
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.value === value);
    const to =
      e.key === "ArrowRight" ? index + 1 : e.key === "ArrowLeft" ? index - 1 : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    onChange(next.value);
    e.currentTarget.querySelector<HTMLElement>(`[data-value="${next.value}"]`)?.focus();
  }
  return (
    <div
      role="tablist"
      aria-label="Show chats"
      data-testid="chat-filter"
      onKeyDown={onKeyDown}
      className="flex gap-1 overflow-x-auto border-b border-slate-200 px-2 dark:border-slate-800 [scrollbar-width:none]"
    >
      {tabs.map((tab) => {
        const selected = tab.value === value;
        return (
          <button
            key={tab.value}
            type="button"
            role="tab"
            data-value={tab.value}
            aria-selected={selected}
            aria-controls="chat-list-panel"
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab.value)}
            className={`shrink-0 border-b-2 px-2.5 py-2 text-sm font-medium transition-colors ${
              selected
                ? "border-brand-600 text-brand-600 dark:border-brand-500 dark:text-brand-400"
                : "border-transparent text-slate-500 dark:text-slate-400 hover:text-slate-800 dark:hover:text-slate-200"
            }`}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

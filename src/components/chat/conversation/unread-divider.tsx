"use client";
import { type RefObject, useEffect, useRef } from "react";
import type { MessageView } from "@/lib/api-types";

/**
 * "New messages": where what I had not read began when I opened the chat. A list item of the
 * history that holds the separator: a list's children must stay list items for screen readers.
 */
export function UnreadDivider() {
  return (
    <li>
      <div role="separator" aria-label="New messages" data-testid="unread-divider" className="my-2 flex items-center gap-3 px-3 text-xs font-medium text-brand-700 dark:text-brand-400">
        <span className="h-px flex-1 bg-brand-500/40" aria-hidden="true" />
        New messages
        <span className="h-px flex-1 bg-brand-500/40" aria-hidden="true" />
      </div>
    </li>
  );
}

/**
 * Opens the history at the divider (once, when it first appears), so reading starts where it
 * stopped; unless a message the chat was opened at is being shown instead.
 */
export function useScrollToUnread(list: RefObject<HTMLElement | null>, firstUnreadId: string | null, messages: MessageView[], revealing: boolean) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || revealing || !firstUnreadId) return;
    if (!messages.some((m) => m.id === firstUnreadId)) return;
    const divider = list.current?.querySelector<HTMLElement>('[data-testid="unread-divider"]');
    if (!divider) return;
    done.current = true;
    divider.scrollIntoView({ block: "start" });
  }, [list, firstUnreadId, messages, revealing]);
}

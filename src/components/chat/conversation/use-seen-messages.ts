"use client";
import { type RefObject, useEffect, useRef } from "react";
import type { MessageView } from "@/lib/api-types";

/**
 * Reports the newest message from someone else that has been on screen (at least half of it, or half the
 * history's height for a tall one) while the page is visible: what is read is what was seen,
 * not what arrived while I was scrolled up or away.
 */
export function useSeenMessages(
  scroller: RefObject<HTMLElement | null>,
  list: RefObject<HTMLElement | null>,
  messages: MessageView[],
  meId: string,
  onSeen: ((message: MessageView) => void) | null,
) {
  const report = useRef(onSeen);
  useEffect(() => {
    report.current = onSeen;
  }, [onSeen]);
  const watching = onSeen !== null;
  useEffect(() => {
    const root = scroller.current;
    const rows = list.current;
    if (!watching || !root || !rows || typeof IntersectionObserver === "undefined") return;
    // My own messages are read already: sending one reads the chat up to it.
    const byId = new Map(messages.filter((m) => m.senderId !== meId).map((m) => [m.id, m]));
    // Seen while the tab was hidden does not count: those rows are reported once it is back.
    const onScreen = new Set<string>();
    const reportNewest = () => {
      if (document.visibilityState !== "visible") return;
      let newest: MessageView | undefined;
      for (const id of onScreen) {
        const message = byId.get(id);
        if (message && (!newest || message.seq > newest.seq)) newest = message;
      }
      if (newest) report.current?.(newest);
    };
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.messageId!;
          const half = Math.min(entry.boundingClientRect.height, entry.rootBounds?.height ?? Infinity) / 2;
          if (entry.isIntersecting && entry.intersectionRect.height >= half) onScreen.add(id);
          else onScreen.delete(id);
        }
        reportNewest();
      },
      { root, threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    for (const row of rows.querySelectorAll<HTMLElement>("li[data-message-id]")) observer.observe(row);
    document.addEventListener("visibilitychange", reportNewest);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", reportNewest);
    };
  }, [scroller, list, messages, meId, watching]);
}

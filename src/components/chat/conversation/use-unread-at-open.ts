"use client";
import { useState } from "react";
import type { ChatInfo } from "@/lib/api-types";

export type UnreadAtOpen = { firstUnreadId: string | null; readSeq: number };

/**
 * Where my unread messages began when I opened the chat, from its first info: the "New
 * messages" line stays there while the chat is open, as in Telegram, even once they are read.
 * Null until the info has loaded.
 */
export function useUnreadAtOpen(info: ChatInfo | undefined, meId: string): UnreadAtOpen | null {
  const [atOpen, setAtOpen] = useState<UnreadAtOpen | null>(null);
  if (atOpen === null && info) {
    const readSeq = info.members.find((m) => m.user.id === meId)?.lastReadSeq ?? 0;
    const next = { firstUnreadId: info.firstUnreadId, readSeq };
    setAtOpen(next);
    return next;
  }
  return atOpen;
}

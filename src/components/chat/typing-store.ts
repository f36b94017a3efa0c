"use client";
// Who is typing in which chat, as the live events tell. The server sends a stop (or ends it
// itself after ~5 s); each start also expires here, in case that stop is lost.
import { useSyncExternalStore } from "react";

const EXPIRE_MS = 6_000;
const NOBODY: readonly string[] = [];

const timers = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
// A stable array per chat, so React sees a change only when the list changes.
const snapshots = new Map<string, readonly string[]>();
const listeners = new Set<() => void>();

function changed(chatId: string) {
  const who = timers.get(chatId);
  if (who?.size) snapshots.set(chatId, [...who.keys()]);
  else snapshots.delete(chatId);
  for (const listener of listeners) listener();
}

export const typingStore = {
  start(chatId: string, userId: string) {
    let who = timers.get(chatId);
    if (!who) timers.set(chatId, (who = new Map()));
    const known = who.has(userId);
    clearTimeout(who.get(userId));
    who.set(userId, setTimeout(() => typingStore.stop(chatId, userId), EXPIRE_MS));
    if (!known) changed(chatId);
  },
  stop(chatId: string, userId: string) {
    const who = timers.get(chatId);
    if (!who?.has(userId)) return;
    clearTimeout(who.get(userId));
    who.delete(userId);
    changed(chatId);
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The ids of the people typing in a chat right now. */
export function useTypingUsers(chatId: string): readonly string[] {
  return useSyncExternalStore(
    subscribe,
    () => snapshots.get(chatId) ?? NOBODY,
    () => NOBODY,
  );
}

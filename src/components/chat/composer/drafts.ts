"use client";
// Drafts: what I typed in a chat and did not send (and the message I was answering), kept in
// this browser's localStorage per user and chat, so switching chats or reloading loses
// nothing and another account signed in on the same browser sees none of it. The chat list
// follows a draft as it changes, in this tab and in others.
import { useSyncExternalStore } from "react";

export type Draft = { text: string; replyToId: string | null };

const PREFIX = "relay-draft:";
const keyOf = (userId: string, chatId: string) => `${PREFIX}${userId}:${chatId}`;
const listeners = new Map<string, Set<() => void>>();

function notify(key: string) {
  for (const listener of listeners.get(key) ?? []) listener();
}

let watchingOtherTabs = false;
function watchOtherTabs() {
  if (watchingOtherTabs) return;
  watchingOtherTabs = true;
  window.addEventListener("storage", (event) => {
    if (event.key?.startsWith(PREFIX)) notify(event.key);
  });
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    // Storage refused (a privacy setting): drafts last as long as the page.
    return null;
  }
}

function parse(raw: string | null): Draft | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft>;
    const text = typeof value.text === "string" ? value.text : "";
    const replyToId = typeof value.replyToId === "string" ? value.replyToId : null;
    return text || replyToId ? { text, replyToId } : null;
  } catch {
    return null;
  }
}

export function readDraft(userId: string, chatId: string): Draft | null {
  return parse(storage()?.getItem(keyOf(userId, chatId)) ?? null);
}

/** Changes part of a chat's draft; a draft with neither text nor a reply is removed. */
export function updateDraft(userId: string, chatId: string, change: Partial<Draft>) {
  const store = storage();
  if (!store) return;
  const key = keyOf(userId, chatId);
  const next = { text: "", replyToId: null, ...parse(store.getItem(key)), ...change };
  const raw = next.text.trim() || next.replyToId ? JSON.stringify(next) : null;
  if (raw === store.getItem(key)) return;
  try {
    if (raw) store.setItem(key, raw);
    else store.removeItem(key);
  } catch {
    // Storage full: the draft stays in the composer only.
  }
  notify(key);
}

/** The draft's text that a chat list shows ("" for none, and while the page is rendered on the server). */
export function useDraftText(userId: string, chatId: string): string {
  const key = keyOf(userId, chatId);
  const raw = useSyncExternalStore(
    (listener) => {
      watchOtherTabs();
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    () => storage()?.getItem(key) ?? null,
    () => null,
  );
  return parse(raw)?.text.trim() ?? "";
}

"use client";
// The outbox: what I sent that Relay has not yet answered, kept in this browser's
// IndexedDB so that a reload, a crash or a closed tab loses none of it. On the next visit to
// the chat it goes again with the same client id, so a send that did reach the server before
// the reload is not stored twice. Messages with files are not kept: their bytes live in the
// page's upload store and do not survive it. Nor are secure ones: their text stays in memory.
import type { PendingMessage } from "./use-send-queue";

const DB_NAME = "relay-outbox";
const STORE = "messages";
const BY_CHAT = "by-chat";

export type OutboxEntry = { userId: string; chatId: string; message: PendingMessage };

let opening: Promise<IDBDatabase | null> | null = null;

function database(): Promise<IDBDatabase | null> {
  // No IndexedDB (a private window in some browsers): sending works, it just does not persist.
  if (typeof indexedDB === "undefined") return Promise.resolve(null);
  opening ??= new Promise((resolve) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "message.clientId" });
      store.createIndex(BY_CHAT, ["userId", "chatId"]);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await database();
  if (!db) return null;
  try {
    return await done(work(db.transaction(STORE, mode).objectStore(STORE)));
  } catch {
    return null; // a full disk or a blocked store: the message still shows and sends from memory
  }
}

/**
 * Whether a pending message can be kept: only one whose content is all in the message, and
 * never a secure one (its text must not rest unencrypted in this browser's storage).
 */
export function keepsInOutbox(message: PendingMessage): boolean {
  return message.uploads.length === 0 && !message.secure;
}

export async function putInOutbox(userId: string, chatId: string, message: PendingMessage) {
  if (!keepsInOutbox(message)) return;
  // What is stored is the message as typed: its state on screen is decided anew on load.
  const entry: OutboxEntry = { userId, chatId, message: { ...message, status: "sending", error: null, waitingForNetwork: false } };
  await withStore("readwrite", (store) => store.put(entry));
}

export async function removeFromOutbox(clientId: string) {
  await withStore("readwrite", (store) => store.delete(clientId));
}

/** This chat's unacknowledged messages, oldest first. */
export async function outboxOf(userId: string, chatId: string): Promise<PendingMessage[]> {
  const entries = await withStore("readonly", (store) => store.index(BY_CHAT).getAll([userId, chatId]) as IDBRequest<OutboxEntry[]>);
  return (entries ?? []).map((entry) => entry.message).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

"use client";
// Whether this tab can reach Relay: the browser's network and the live connection. The
// banner says so, and the send queue sends again what failed for want of a connection once it
// is back.
import { useSyncExternalStore } from "react";

export type Connection = "online" | "connecting" | "offline";

let live: "connected" | "connecting" = "connecting";
let everConnected = false;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

export function connectionNow(): Connection {
  if (typeof navigator !== "undefined" && !navigator.onLine) return "offline";
  return live === "connected" ? "online" : "connecting";
}

/** The live subscription's state (from LiveEvents). */
export function setLiveConnected(connected: boolean) {
  const next = connected ? "connected" : "connecting";
  if (next === live) return;
  live = next;
  if (connected) everConnected = true;
  notify();
}

/** Whether the live connection has been up at least once in this tab (a first connect is not news). */
export function hasEverConnected() {
  return everConnected;
}

export function subscribeConnection(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function useConnection(): Connection {
  return useSyncExternalStore(subscribeConnection, connectionNow, () => "online");
}

/**
 * Whether others' presence can be trusted: while this tab cannot reach Relay it hears of no
 * one going offline, so "online" would be a guess (the header says what it is waiting for).
 */
export function usePresenceKnown(): boolean {
  return useConnection() === "online";
}

/**
 * A request that got no answer from Relay (no network, the server down), as against one it
 * refused: tRPC's error for a refusal carries the server's `data`, a failed fetch none.
 */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof Error && (error as { data?: unknown }).data == null;
}

"use client";
// How Relay may get my attention on this device: browser notifications and a sound, for
// messages that arrive while the tab is hidden. Kept in localStorage per user (a setting of
// this browser, like its notification permission), and followed by every tab.
import { useSyncExternalStore } from "react";

export type AttentionSettings = {
  /** Show a notification (once the browser allows them). */
  notifications: boolean;
  /** Play a short chime. */
  sound: boolean;
  /** "Not now" on the offer to turn notifications on. */
  offerDismissed: boolean;
};

const DEFAULTS: AttentionSettings = { notifications: true, sound: true, offerDismissed: false };
const keyOf = (userId: string) => `relay-attention:${userId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: AttentionSettings }>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readAttentionSettings(userId: string): AttentionSettings {
  const raw = storage()?.getItem(keyOf(userId)) ?? null;
  const cached = cache.get(userId);
  // The same object while nothing changed: useSyncExternalStore compares snapshots by identity.
  if (cached && cached.raw === raw) return cached.value;
  let value = DEFAULTS;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<AttentionSettings>) : {};
    value = {
      notifications: typeof parsed.notifications === "boolean" ? parsed.notifications : DEFAULTS.notifications,
      sound: typeof parsed.sound === "boolean" ? parsed.sound : DEFAULTS.sound,
      offerDismissed: parsed.offerDismissed === true,
    };
  } catch {
    // A damaged entry reads as the defaults.
  }
  cache.set(userId, { raw, value });
  return value;
}

export function updateAttentionSettings(userId: string, change: Partial<AttentionSettings>) {
  try {
    storage()?.setItem(keyOf(userId), JSON.stringify({ ...readAttentionSettings(userId), ...change }));
  } catch {
    // Storage refused or full: the setting lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith("relay-attention:")) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useAttentionSettings(userId: string): AttentionSettings {
  return useSyncExternalStore(subscribe, () => readAttentionSettings(userId), () => DEFAULTS);
}

/** The browser's notification permission ("unsupported" where there are no notifications). */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

"use client";
// This browser's Web Push subscription: made with the server's VAPID key through the service
// worker, and stored with push.subscribe so that the server pushes here while no Relay is open.
import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";
import { registerServiceWorker } from "./register-worker";

type Client = TRPCClient<AppRouter>;

export type PushSupport = "supported" | "unsupported";

export function pushSupport(): PushSupport {
  const ok =
    typeof window !== "undefined" && window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  return ok ? "supported" : "unsupported";
}

/** This browser's subscription, if it has one (without registering anything). */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, i) => byte === b[i]);
}

/** Tells the server about `subscription` (again: it binds it to this session). */
export async function storePushSubscription(client: Client, subscription: PushSubscription): Promise<void> {
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error("The browser gave an incomplete push subscription");
  await client.push.subscribe.mutate({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
}

/**
 * Subscribes this browser (after the permission prompt, if it has not been answered) and
 * stores the subscription. A subscription made with another server key is replaced.
 */
export async function turnPushOn(client: Client): Promise<NotificationPermission> {
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  if (permission !== "granted") return permission;
  const registration = await registerServiceWorker();
  const key = keyBytes((await client.push.publicKey.query()).publicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await storePushSubscription(client, subscription);
  return permission;
}

/** Ends this browser's subscription here and on the server (already gone there is fine). */
export async function turnPushOff(client: Client): Promise<void> {
  const subscription = await currentPushSubscription();
  if (!subscription) return;
  const { endpoint } = subscription;
  await subscription.unsubscribe();
  await client.push.unsubscribe.mutate({ endpoint }).catch((error: unknown) => {
    if (!(error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "NOT_FOUND")) throw error;
  });
}

/** Signing out: this browser stops its subscription (the server drops the session's rows itself). */
export async function forgetPushSubscription(): Promise<void> {
  if (pushSupport() === "unsupported") return;
  const subscription = await currentPushSubscription();
  await subscription?.unsubscribe();
}

// Web Push subscriptions: one row per browser that asked for pushes, bound to the session that
// subscribed (signing it out removes the row). The endpoint is the push service's address for
// that browser; subscribing again from the same browser updates its row, whoever held it.
import { createECDH } from "node:crypto";
import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import type { z } from "zod";
import { env, vapidKeys, type VapidKeys } from "@/env";
import type { Executor } from "@/server/db";
import { pushSubscriptions } from "@/server/db/schema";
import type { pushSubscribeInput } from "@/lib/validators";
import { badRequest, notFound } from "@/server/services/errors";

/** How many browsers one person may have subscribed; subscribing another drops the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

const keys = Symbol.for("relay.vapidKeys");
type Holder = { [keys]?: VapidKeys };

/** This server's VAPID keys, read (or generated) once. */
export function serverVapidKeys(): VapidKeys {
  const holder = globalThis as Holder;
  return (holder[keys] ??= vapidKeys(env()));
}

export function pushPublicKey(): string {
  return serverVapidKeys().publicKey;
}

type Me = { id: string; sessionId: string };

/** Whether `p256dh` is a point of P-256, as a browser's subscription key is: pushes are encrypted to it. */
function isBrowserKey(p256dh: string): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(p256dh, "base64url"));
    return true;
  } catch {
    return false;
  }
}

export async function subscribe(db: Executor, me: Me, input: z.infer<typeof pushSubscribeInput>): Promise<{ ok: true }> {
  if (!isBrowserKey(input.keys.p256dh)) throw badRequest("keys.p256dh is not the browser's P-256 public key");
  const values = { userId: me.id, sessionId: me.sessionId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth };
  await db
    .insert(pushSubscriptions)
    .values(values)
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { ...values, createdAt: new Date() } });
  const kept = db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, me.id))
    .orderBy(desc(pushSubscriptions.createdAt))
    .limit(MAX_SUBSCRIPTIONS_PER_USER);
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, me.id), notInArray(pushSubscriptions.id, kept)));
  return { ok: true };
}

/** Removes one of my subscriptions; someone else's endpoint is NOT_FOUND. */
export async function unsubscribe(db: Executor, userId: string, endpoint: string): Promise<{ ok: true }> {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  if (removed.length === 0) throw notFound("Push subscription");
  return { ok: true };
}

/** Signed-out sessions get no more pushes. */
export async function removeSessionSubscriptions(db: Executor, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.sessionId, [...sessionIds]));
}

/** A push service answered that the subscription is gone (404/410). */
export async function removeGoneSubscription(db: Executor, id: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id));
}

// Web Push for people who have no Relay open: once a `message:new` this process wrote has been
// published, every recipient but the sender who is offline (no live connection on any
// instance) gets a push on each browser they subscribed. All of it runs after the commit, off
// the send's path, through bounded queues; a push service that answers 404 or 410 has dropped
// the subscription, so its row goes too. Logs name the push service's host, never an endpoint
// (it is a capability URL) or a key.
import { and, eq, inArray, isNull } from "drizzle-orm";
import webpush from "web-push";
import type { VapidKeys } from "@/env";
import { chats, pushSubscriptions, sessions, users } from "@/server/db/schema";
import { logPositions, type LoggedDelivery } from "@/server/events/positions";
import { log } from "@/server/log";
import type { MessageView } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";
import { pushPayload, type PushPayload } from "./payload";
import { removeGoneSubscription } from "./subscriptions";
import { workQueue } from "./work-queue";

export type PushNotifications = {
  /** Resolves once every push queued so far has been sent (or has failed). */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

export type PushOptions = {
  vapid: VapidKeys;
  /** How long one push service request may take. */
  timeoutMs?: number;
  /** Pushes in flight at once, per process. */
  concurrency?: number;
};

type Target = { id: string; endpoint: string; p256dh: string; auth: string };

/** How long a push service keeps a push for a browser that is off: a day-old message is still news. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;
/** Ids per statement, far under PostgreSQL's limit of parameters. */
const CHUNK = 1000;

export function startPushNotifications(deps: ServiceDeps, options: PushOptions): PushNotifications {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Finding whom to push costs a query per message: a few at a time, so a burst of sends never
  // takes the database's connections from the sends themselves.
  const lookups = workQueue("Finding push subscriptions", { concurrency: 2, maxQueued: 10_000 });
  const sends = workQueue("Sending a push", { concurrency: options.concurrency ?? 8, maxQueued: 10_000 });
  let stopped = false;

  const onPublished = (batch: readonly LoggedDelivery[]) => {
    if (stopped) return;
    for (const { event, recipients } of batch) {
      if (event.type !== "message:new") continue;
      const { message } = event.data;
      if (!message.senderId || message.kind === "system") continue;
      const offlineCandidates = recipients.filter((id) => id !== message.senderId);
      if (offlineCandidates.length === 0) continue;
      if (!lookups.add(() => pushMessage(message, offlineCandidates))) log.warn("Push queue full: a message's pushes were dropped");
    }
  };

  async function pushMessage(message: MessageView, recipientIds: string[]) {
    const targets: Target[] = [];
    for (let i = 0; i < recipientIds.length; i += CHUNK) targets.push(...(await offlineSubscriptions(recipientIds.slice(i, i + CHUNK))));
    if (targets.length === 0) return;
    const payload = await payloadOf(message);
    if (!payload) return;
    const body = JSON.stringify(payload);
    for (const target of targets) sends.add(() => send(target, body, message.chatId));
  }

  /** Subscriptions of these users who are offline, not banned, in sessions still signed in. */
  function offlineSubscriptions(userIds: string[]): Promise<Target[]> {
    return deps.db
      .select({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth })
      .from(pushSubscriptions)
      .innerJoin(users, eq(users.id, pushSubscriptions.userId))
      .innerJoin(sessions, eq(sessions.id, pushSubscriptions.sessionId))
      .where(and(inArray(pushSubscriptions.userId, userIds), eq(users.online, false), isNull(users.bannedAt), isNull(sessions.revokedAt)));
  }

  async function payloadOf(message: MessageView): Promise<PushPayload | null> {
    const [chat] = await deps.db.select({ type: chats.type, title: chats.title }).from(chats).where(eq(chats.id, message.chatId));
    const [sender] = await deps.db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, message.senderId!));
    return chat && sender ? pushPayload(message, chat, sender) : null;
  }

  async function send(target: Target, body: string, chatId: string) {
    const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, body, {
      vapidDetails: options.vapid,
      TTL: PUSH_TTL_SECONDS,
      urgency: "high",
      // One waiting push per chat at the push service: a newer one replaces it.
      ...(/^[A-Za-z0-9_-]{1,32}$/.test(chatId) ? { topic: chatId } : {}),
    });
    const host = new URL(target.endpoint).host;
    let status: number;
    try {
      // No redirects: the push service's address is the only one this server posts to.
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers,
        body: new Uint8Array(request.body),
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      log.warn(`Push to ${host} failed: ${error instanceof Error ? error.name : "unknown error"}`);
      return;
    }
    if (status === 404 || status === 410) await removeGoneSubscription(deps.db, target.id);
    else if (status < 200 || status > 299) log.warn(`Push service ${host} answered ${status}`);
  }

  const listeners = logPositions(deps.bus).published;
  listeners.add(onPublished);
  const settled = async () => {
    await lookups.idle();
    await sends.idle();
  };
  return {
    settled,
    async stop() {
      stopped = true;
      listeners.delete(onPublished);
      await settled();
    },
  };
}

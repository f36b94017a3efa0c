// Web Push for people who have no Relay open: once a `message:new` this process wrote has been
// published, every recipient but the sender who is offline (no live connection on any
// instance) gets a push on each browser they subscribed. All of it runs after the commit, off
// the send's path, through bounded queues; a push service that answers 404 or 410 has dropped
// the subscription, so its row goes too. Logs name the push service's host, never an endpoint
// (it is a capability URL) or a key.
import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import webpush from "web-push";
import type { VapidKeys } from "@/env";
import { SESSION_MAX_AGE_SECONDS } from "@/server/auth/token";
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
  /**
   * Whether a user has a live connection to this process: they are online, so no lookup is made
   * for them (in a chat whose members are all here, a message costs no query at all).
   */
  connectedHere?: (userId: string) => boolean;
};

type Target = { id: string; userId: string; endpoint: string; p256dh: string; auth: string };
type Arrival = { message: MessageView; recipientIds: string[] };

/** How long a push service keeps a push for a browser that is off: a day-old message is still news. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;
/** Ids per statement, far under PostgreSQL's limit of parameters. */
const CHUNK = 1000;
/** Messages one lookup of subscriptions serves at most. */
const MESSAGES_PER_LOOKUP = 200;
/** Pushes that may wait at most, and recipients of waiting messages: beyond, new ones are dropped (memory stays bounded). */
const MAX_WAITING = 10_000;
const MAX_WAITING_RECIPIENTS = 200_000;

export function startPushNotifications(deps: ServiceDeps, options: PushOptions): PushNotifications {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sends = workQueue("Sending a push", { concurrency: options.concurrency ?? 8, maxQueued: MAX_WAITING });
  let stopped = false;
  let lastDropWarning = 0;
  // Said at most once a minute: a full queue is a flood, and the log must not become one too.
  const warnDropped = () => {
    if (Date.now() - lastDropWarning < 60_000) return;
    lastDropWarning = Date.now();
    log.warn("Push queue full: pushes for new messages are being dropped");
  };

  // Messages wait here for one lookup at a time, which takes all that waits (up to a batch): a
  // burst of sends costs a few queries, and never takes the database from the sends themselves.
  let arrivals: Arrival[] = [];
  let waitingRecipients = 0;
  let draining: Promise<void> | null = null;

  const onPublished = (batch: readonly LoggedDelivery[]) => {
    if (stopped) return;
    for (const { event, recipients } of batch) {
      if (event.type !== "message:new") continue;
      const { message } = event.data;
      if (!message.senderId || message.kind === "system") continue;
      const recipientIds = recipients.filter((id) => id !== message.senderId && !options.connectedHere?.(id));
      if (recipientIds.length === 0) continue;
      if (waitingRecipients + recipientIds.length > MAX_WAITING_RECIPIENTS) {
        warnDropped();
        continue;
      }
      arrivals.push({ message, recipientIds });
      waitingRecipients += recipientIds.length;
    }
    if (arrivals.length > 0 && !draining) draining = drain();
  };

  async function drain() {
    while (arrivals.length > 0) {
      const batch = arrivals.slice(0, MESSAGES_PER_LOOKUP);
      arrivals = arrivals.slice(MESSAGES_PER_LOOKUP);
      for (const arrival of batch) waitingRecipients -= arrival.recipientIds.length;
      await pushArrivals(batch).catch((error: unknown) => log.warn("Finding push subscriptions failed", error));
    }
    // In the same turn as the check above: a message published after it starts a new drain.
    draining = null;
  }

  async function pushArrivals(batch: Arrival[]) {
    const userIds = [...new Set(batch.flatMap((arrival) => arrival.recipientIds))];
    const byUser = new Map<string, Target[]>();
    for (let i = 0; i < userIds.length; i += CHUNK) {
      for (const target of await offlineSubscriptions(userIds.slice(i, i + CHUNK))) {
        const known = byUser.get(target.userId);
        if (known) known.push(target);
        else byUser.set(target.userId, [target]);
      }
    }
    if (byUser.size === 0) return;
    for (const { message, recipientIds } of batch) {
      const targets = recipientIds.flatMap((id) => byUser.get(id) ?? []);
      if (targets.length === 0) continue;
      const payload = await payloadOf(message);
      if (!payload) continue;
      const body = JSON.stringify(payload);
      for (const target of targets) if (!sends.add(() => send(target, body, message.chatId))) warnDropped();
    }
  }

  /**
   * Subscriptions of these users who are offline, not banned, in sessions still signed in (not
   * signed out, and used within a token's lifetime: an older one can never be used again).
   */
  function offlineSubscriptions(userIds: string[]): Promise<Target[]> {
    const cutoff = new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000);
    return deps.db
      .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId, endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth })
      .from(pushSubscriptions)
      .innerJoin(users, eq(users.id, pushSubscriptions.userId))
      .innerJoin(sessions, eq(sessions.id, pushSubscriptions.sessionId))
      .where(
        and(
          inArray(pushSubscriptions.userId, userIds),
          eq(users.online, false),
          isNull(users.bannedAt),
          isNull(sessions.revokedAt),
          // Compared through the columns, so the driver encodes the Date as a timestamp.
          or(gt(sessions.lastUsedAt, cutoff), and(isNull(sessions.lastUsedAt), gt(sessions.createdAt, cutoff))),
        ),
      );
  }

  async function payloadOf(message: MessageView): Promise<PushPayload | null> {
    // The chat's name and the sender's, in one read.
    const [row] = await deps.db
      .select({ type: chats.type, title: chats.title, firstName: users.firstName, lastName: users.lastName })
      .from(chats)
      .innerJoin(users, eq(users.id, message.senderId!))
      .where(eq(chats.id, message.chatId));
    return row ? pushPayload(message, row, row) : null;
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
    while (draining) await draining;
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

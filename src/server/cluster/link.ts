// The instances of one Relay sharing a Redis (REDIS_URL): each has an id of its own, and they
// talk over pub/sub channels on one subscriber connection per process. Pub/sub delivers at most
// once and only to whoever is connected at that moment, so nothing that must not be lost goes
// only through here: the database stays the record, and what travels here is either rebuilt
// from it (events, see redis-bus.ts) or state that expires by itself.
import type { Redis } from "ioredis";
import { env } from "@/env";
import { log } from "@/server/log";
import { randomInstanceId } from "./instance-id";

const SUBSCRIBE_WAIT_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

type Handler = (message: unknown, from: string) => void;

export type ClusterLink = {
  /** This process's id among the instances (random per start). */
  readonly instanceId: string;
  /** The command connection (shared with the request limits). */
  readonly redis: Redis;
  /**
   * Sends `message` (JSON) to every other instance subscribed to `channel`; resolves with how
   * many received it (0 when Redis is unreachable), this instance counted: its subscriber hears
   * its own messages too, and drops them unread.
   */
  publish(channel: string, message: unknown): Promise<number>;
  /** Calls `handler` for every message another instance sends on `channel`; returns the unsubscribe function. */
  on(channel: string, handler: Handler): () => void;
  /**
   * Calls `handler` each time the subscriber connection is (re)established after it was lost:
   * whatever was published meanwhile did not arrive.
   */
  onResubscribed(handler: () => void): () => void;
  /** Whether the subscriber connection is up (messages published now arrive). */
  listening(): boolean;
  /** Resolves once every channel asked for so far is subscribed (messages from then on arrive). */
  subscribed(): Promise<void>;
  close(): void;
};

/**
 * `prefix` names the channels; tests give each link group a prefix of its own, so that test
 * files sharing one Redis do not hear each other.
 */
export function openClusterLink(redis: Redis, options: { instanceId?: string; prefix?: string } = {}): ClusterLink {
  const instanceId = options.instanceId ?? randomInstanceId();
  const PREFIX = options.prefix ?? "relay:";
  // Subscribes wait for the connection to be ready: queued before it, they met ioredis's ready
  // check and failed ("Connection in subscriber mode").
  const subscriber = redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  const ready = new Promise<void>((resolve) => subscriber.once("ready", () => resolve()));
  const handlers = new Map<string, Set<Handler>>();
  const resubscribed = new Set<() => void>();
  const subscribing = new Set<Promise<unknown>>();
  let everReady = false;
  let lost = false;

  subscriber.on("error", () => {
    // The command connection reports outages once (redis.ts); this one follows it.
  });
  subscriber.on("close", () => {
    if (everReady) lost = true;
  });
  subscriber.on("ready", () => {
    const wasLost = lost;
    everReady = true;
    lost = false;
    // ioredis resubscribes by itself (autoResubscribe); what was published meanwhile is gone.
    if (wasLost) for (const handler of resubscribed) handler();
  });
  // On the wire: "<sender's id> <JSON>". The id comes first so that an instance's own
  // messages, which every publish brings back to it, are dropped before they are parsed.
  subscriber.on("message", (channel: string, raw: string) => {
    const set = handlers.get(channel.slice(PREFIX.length));
    const space = raw.indexOf(" ");
    if (!set || space < 0) return;
    const from = raw.slice(0, space);
    if (from === instanceId) return;
    let message: unknown;
    try {
      message = JSON.parse(raw.slice(space + 1));
    } catch {
      return log.warn(`Ignored a malformed message on ${channel}`);
    }
    for (const handler of set) handler(message, from);
  });

  return {
    instanceId,
    redis,
    publish(channel, message) {
      return redis.publish(PREFIX + channel, `${instanceId} ${JSON.stringify(message)}`).catch(() => {
        // Redis is down: reported once by redis.ts; receivers catch up when it is back.
        return 0;
      });
    },
    on(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        const done = ready
          .then(() => subscriber.subscribe(PREFIX + channel))
          .catch((error: Error) => log.warn(`Could not subscribe to ${channel}: ${error.message}`))
          .finally(() => subscribing.delete(done));
        subscribing.add(done);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          subscriber.unsubscribe(PREFIX + channel).catch(() => {});
        }
      };
    },
    onResubscribed(handler) {
      resubscribed.add(handler);
      return () => resubscribed.delete(handler);
    },
    listening() {
      // Not until the "ready" event has run the resubscribed handlers: ioredis says "ready" a
      // tick before it tells anyone, and whatever was published while it was away is lost.
      return subscriber.status === "ready" && !lost;
    },
    async subscribed() {
      // Not while Redis is down: the instance starts alone and finds the others later.
      await Promise.race([Promise.all([...subscribing]), sleep(SUBSCRIBE_WAIT_MS)]);
    },
    close() {
      subscriber.disconnect();
    },
  };
}

const key = Symbol.for("relay.clusterLink");
type Holder = { [key]?: ClusterLink | null };

/** The process-wide link over REDIS_URL's client, or null when Relay runs alone (no REDIS_URL). */
export function clusterLink(redis: Redis | null): ClusterLink | null {
  const holder = globalThis as Holder;
  if (holder[key] === undefined) holder[key] = redis ? openClusterLink(redis, { prefix: env().REDIS_PREFIX }) : null;
  return holder[key];
}

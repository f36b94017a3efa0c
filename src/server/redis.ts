// The process-wide Redis client, when REDIS_URL is set: state every instance must share (the
// request limits) lives there. On globalThis because Next compiles its route handlers into a
// module graph of their own, and both graphs must count against the same client.
// Commands fail at once while Redis is unreachable (no offline queue), so a caller falls back
// (the limits to memory) instead of waiting; the client keeps reconnecting in the background.
import { Redis } from "ioredis";
import { env } from "@/env";
import { log } from "./log";

/** A client that connects on first use and keeps trying, up to every 5 s, when the link drops. */
export function openRedis(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let reported = false;
  client.on("error", (error: Error) => {
    // Once per outage, not once per retry.
    if (!reported) log.warn(`Redis unreachable (${error.message}); request limits count in memory and other instances' events come late, from the log, meanwhile`);
    reported = true;
  });
  client.on("ready", () => {
    if (reported) log.info("Redis reachable again");
    reported = false;
  });
  client.connect().catch(() => {
    // Reported by the error listener; the retry strategy keeps trying.
  });
  return client;
}

const key = Symbol.for("relay.redis");
type Holder = { [key]?: Redis | null };

/** The process-wide client from REDIS_URL, or null when it is unset. */
export function redisClient(): Redis | null {
  const holder = globalThis as Holder;
  if (holder[key] === undefined) {
    const url = env().REDIS_URL;
    holder[key] = url ? openRedis(url) : null;
  }
  return holder[key];
}

// One counter of the limits: in Redis when there is one (every instance counts together), with
// memory as insurance while Redis is unreachable; in memory otherwise.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { log } from "@/server/log";

export type Counter = RateLimiterAbstract;

export type CounterOptions = {
  name: string;
  points: number;
  durationSeconds: number;
  /** Once a key is over its points, refuse it from memory until its window ends: a flood costs no round trip. */
  blockInMemory?: boolean;
};

export function createCounter(redis: Redis | null, keyPrefix: string, options: CounterOptions): Counter {
  const base = { keyPrefix: `${keyPrefix}:${options.name}`, points: options.points, duration: options.durationSeconds };
  if (!redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(base),
    ...(options.blockInMemory ? { inMemoryBlockOnConsumed: options.points + 1, inMemoryBlockDuration: options.durationSeconds } : {}),
  });
}

/**
 * Takes `points` from a key: the wait in ms when the key is over its budget, else 0. A broken
 * store lets the call through (a limit must not take the service down with it).
 */
export async function take(counter: Counter, key: string, points = 1): Promise<number> {
  try {
    await counter.consume(key, points);
    return 0;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return Math.max(1, outcome.msBeforeNext);
    log.warn("Rate limit store failed; the call was let through", outcome);
    return 0;
  }
}

/** The count a key has consumed in its window, after adding `points`. */
export async function count(counter: Counter, key: string, points = 1): Promise<number> {
  try {
    return (await counter.consume(key, points)).consumedPoints;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome.consumedPoints;
    log.warn("Rate limit store failed", outcome);
    return 0;
  }
}

/** The ms left on a key's block (set with `counter.block`), or 0. */
export async function blockedFor(counter: Counter, key: string): Promise<number> {
  try {
    const state = await counter.get(key);
    return state && state.consumedPoints > counter.points ? Math.max(1, state.msBeforeNext) : 0;
  } catch (error) {
    log.warn("Rate limit store failed", error);
    return 0;
  }
}

export async function forget(counter: Counter, key: string): Promise<void> {
  try {
    await counter.delete(key);
  } catch (error) {
    log.warn("Rate limit store failed", error);
  }
}

// Every request limit of one process: sign-in (a growing delay per account and per address),
// registration per address, calls per user. Transports put one in the context (`ctx.limits`);
// in-process callers (tests, server components) have none and are not limited.
import type { Redis } from "ioredis";
import { redisClient } from "@/server/redis";
import { rateLimitConfigFromEnv, type RateLimitConfig } from "./config";
import { tooManyRequests } from "./refusal";
import { blockedFor, count, createCounter, forget, take, type Counter } from "./store";

import { CALL_WORDS, type CallKind } from "./kinds";
import { RecentRefusals } from "./recent-refusals";

export { callKind, type CallKind } from "./kinds";

export type RateLimits = {
  readonly config: RateLimitConfig;
  /**
   * Runs a password check unless a delay is running for this account or address (then
   * TOO_MANY_REQUESTS, without checking). A wrong password counts; the right one clears the
   * account's count.
   */
  signIn<T>(who: { username: string; address: string | null }, check: () => Promise<T | null>): Promise<T | null>;
  /** Counts a new account from this address; throws TOO_MANY_REQUESTS past the budget. */
  registration(address: string | null): Promise<void>;
  /** Counts a call by this user; throws TOO_MANY_REQUESTS past the budget of its kind. */
  call(user: { id: string; sessionId: string }, kind: CallKind): Promise<void>;
  /** Sessions refused lately, to refuse their next calls before their token is looked up. */
  readonly recent: RecentRefusals;
};

export type RateLimitsOptions = {
  config: RateLimitConfig;
  redis?: Redis | null;
  /** Redis keys start with it; tests give each run its own. */
  keyPrefix?: string;
};

export function createRateLimits({ config, redis = null, keyPrefix = "relay:limits" }: RateLimitsOptions): RateLimits {
  if (!config.enabled) {
    return { config, signIn: (_who, check) => check(), registration: async () => {}, call: async () => {}, recent: new RecentRefusals() };
  }
  const counter = (name: string, points: number, durationSeconds: number, blockInMemory = false) =>
    createCounter(redis, keyPrefix, { name, points, durationSeconds, blockInMemory });

  const { signIn } = config;
  const recent = new RecentRefusals();
  // Failures are only counted (the budget is never reached); delays are blocks on their own counter.
  const failures = counter("sign-in-failures", Number.MAX_SAFE_INTEGER, signIn.windowSeconds);
  const delays = counter("sign-in-delays", 1, 1);
  const registrations = counter("registrations", config.registrationsPerHour, 3600);
  const calls: Record<CallKind, Counter> = {
    send: counter("sends", config.sendsPer10s, 10, true),
    write: counter("writes", config.writesPer10s, 10, true),
    query: counter("queries", config.queriesPer10s, 10, true),
    keys: counter("key-changes", config.keyChangesPerHour, 3600),
  };

  const delayAfter = (failed: number, free: number) => signInDelaySeconds(failed, free, signIn.maxDelaySeconds);

  return {
    config,
    recent,
    async signIn(who, check) {
      const address = who.address ?? "unknown";
      const account = `${who.username.toLowerCase()}|${address}`;
      const waits = await Promise.all([blockedFor(delays, account), blockedFor(delays, address)]);
      const wait = Math.max(...waits);
      if (wait > 0) throw tooManyRequests("sign-in attempts", wait);
      const result = await check();
      if (result !== null) {
        await Promise.all([forget(failures, account), forget(delays, account)]);
        return result;
      }
      const [byAccount, byAddress] = await Promise.all([count(failures, account), count(failures, address)]);
      const delay = (key: string, seconds: number) => (seconds > 0 ? delays.block(key, seconds).catch(() => undefined) : undefined);
      await Promise.all([
        delay(account, delayAfter(byAccount, signIn.failuresPerAccount)),
        delay(address, delayAfter(byAddress, signIn.failuresPerAddress)),
      ]);
      return null;
    },
    async registration(address) {
      const wait = await take(registrations, address ?? "unknown");
      if (wait > 0) throw tooManyRequests("new accounts from your address", wait);
    },
    async call(user, kind) {
      const wait = await take(calls[kind], user.id);
      if (wait === 0) return;
      recent.note(user.sessionId, kind, wait);
      throw tooManyRequests(CALL_WORDS[kind], wait);
    },
  };
}

/** The wait after `failed` wrong passwords: none within the free ones, then 1 s, 2 s, 4 s … up to `max`. */
export function signInDelaySeconds(failed: number, free: number, max: number): number {
  return failed <= free ? 0 : Math.min(2 ** Math.min(failed - free - 1, 30), max);
}

const key = Symbol.for("relay.rateLimits");
type Holder = { [key]?: RateLimits };

/** The process-wide limits from the environment (shared through Redis when REDIS_URL is set). */
export function rateLimits(): RateLimits {
  const holder = globalThis as Holder;
  return (holder[key] ??= createRateLimits({ config: rateLimitConfigFromEnv(), redis: redisClient() }));
}

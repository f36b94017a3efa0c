// Two instances, one Redis: the budgets are shared, so a flood spread over instances is still
// one flood. And a Redis that is down does not lift the limits (they count in memory meanwhile).
// Runs against the real Redis at REDIS_URL (CI sets it; the default is the local server).
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { openRedis } from "@/server/redis";
import { createRateLimits } from "./limits";
import { retryAfterSeconds } from "./refusal";
import { testRateLimitConfig } from "./test-config";

const redis = openRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const keyPrefix = `relay-test:${randomBytes(6).toString("hex")}`;

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const person = (id: string) => ({ id, sessionId: `${id}-session` });

async function refusedWait(call: Promise<unknown>): Promise<number | null> {
  return call.then(
    () => null,
    (error: unknown) => retryAfterSeconds(error),
  );
}

async function ready(client: typeof redis) {
  if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
}

describe("limits shared through Redis", () => {
  test("sends counted on one instance count on the other", async () => {
    await ready(redis);
    const config = testRateLimitConfig({ sendsPer10s: 4 });
    const one = createRateLimits({ config, redis, keyPrefix });
    const two = createRateLimits({ config, redis, keyPrefix });
    await one.call(person("user-1"), "send");
    await two.call(person("user-1"), "send");
    await one.call(person("user-1"), "send");
    await two.call(person("user-1"), "send");
    expect(await refusedWait(one.call(person("user-1"), "send"))).toBeGreaterThan(0);
    expect(await refusedWait(two.call(person("user-1"), "send"))).toBeGreaterThan(0);
    // Someone else's budget is their own.
    expect(await refusedWait(two.call(person("user-2"), "send"))).toBeNull();
  });

  test("a wait after wrong passwords on one instance holds on the other", async () => {
    await ready(redis);
    const config = testRateLimitConfig();
    const one = createRateLimits({ config, redis, keyPrefix });
    const two = createRateLimits({ config, redis, keyPrefix });
    const who = { username: "Shared_Account", address: "192.0.2.7" };
    for (let i = 0; i < 4; i++) await one.signIn(who, async () => null);
    let checked = false;
    const wait = await refusedWait(
      two.signIn({ ...who, username: "shared_account" }, async () => {
        checked = true;
        return "signed in";
      }),
    );
    expect(wait).toBeGreaterThan(0);
    expect(checked).toBe(false);
  });

  test("while Redis is unreachable the limits count in memory", async () => {
    // Nothing listens on port 1: every command fails, and the insurance limiter answers.
    const down = openRedis("redis://127.0.0.1:1");
    try {
      const limits = createRateLimits({ config: testRateLimitConfig({ sendsPer10s: 2 }), redis: down, keyPrefix });
      await limits.call(person("user-3"), "send");
      await limits.call(person("user-3"), "send");
      expect(await refusedWait(limits.call(person("user-3"), "send"))).toBeGreaterThan(0);
    } finally {
      down.disconnect();
    }
  });
});

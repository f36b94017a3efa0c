// Typing with two instances sharing a Redis: a stream opening on one instance learns who is
// typing on the other; an indicator runs out by itself, stopped once by the instance where it
// started; a refresh or a stop that reaches the other instance counts. The two instances have
// typing states of their own and one delivery of events between them (what the Redis bus does
// across processes). Runs against the real Redis at REDIS_URL (the default is the local server).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCaller } from "@/server/api/root";
import { ConnectionRegistry } from "@/server/connections";
import { type EventBus, MemoryEventBus } from "@/server/events/bus";
import { openRedis } from "@/server/redis";
import { authenticate } from "@/server/services/accounts/users";
import { brief, consumeEvents, createTestWorld, type ReceivedEvent, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { configureTyping, typingNow } from "./typing";
import { redisTyping } from "./typing-shared";

const redis = openRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const keyPrefix = `relay-test:${randomBytes(6).toString("hex")}:`;
const TIMEOUT_MS = 1_000;

let world: TestWorld;
/** Where both instances' events are delivered. */
const delivery = new MemoryEventBus();

/** One instance: its own bus object (and so its own typing timers), the shared delivery. */
function instanceBus(): EventBus {
  const bus: EventBus = {
    publish: (deliveries) => delivery.publish(deliveries),
    subscribe: (userId, listener) => delivery.subscribe(userId, listener),
  };
  configureTyping(bus, { shared: redisTyping(redis, keyPrefix), timeoutMs: TIMEOUT_MS });
  return bus;
}
const [one, two] = [instanceBus(), instanceBus()];

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await world?.close();
});

async function on(bus: EventBus, person: TestUser) {
  const user = await authenticate(world.db, person.token);
  if (!user) throw new Error("token did not authenticate");
  const ctx = { db: world.db, bus, connections: new ConnectionRegistry(), user };
  return {
    api: createCaller(ctx),
    /** Opens this person's stream on the instance; resolves once it listens. */
    async listen() {
      const controller = new AbortController();
      const before = delivery.listenerCount(user.id);
      const stream = consumeEvents(await createCaller(ctx, { signal: controller.signal }).events.stream({}), () => controller.abort());
      await waitFor(() => delivery.listenerCount(user.id) > before || stream.failure !== undefined, "the stream to subscribe");
      return stream;
    },
  };
}

const typingOnly = (events: ReceivedEvent[]) => events.filter((e) => e.type.startsWith("typing:")).map(brief);
const hasStop = (events: ReceivedEvent[]) => events.some((e) => e.type === "typing:stop");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("typing across instances", () => {
  test("a stream opening on one instance tells its client who started typing on the other", async () => {
    const { a, b, chatId } = await world.directChat();
    await (await on(one, a)).api.chats.setTyping({ chatId, typing: true });

    const stream = await (await on(two, b)).listen();
    const events = await stream.until((es) => es.some((e) => e.type === "typing:start"), "who is typing now");
    expect(events[0]).toMatchObject({ type: "typing:start", data: { chatId, userId: a.user.id } });
    expect(await typingNow(two)).toContainEqual({ chatId, userId: a.user.id });
    await (await on(one, a)).api.chats.setTyping({ chatId, typing: false });
    await stream.until(hasStop, "the stop");
    await stream.stop();
  });

  test("an indicator nobody refreshes runs out: stopped once, and no longer told to streams opening later", async () => {
    const { a, b, chatId } = await world.directChat();
    const heard = await (await on(two, b)).listen();
    await (await on(one, a)).api.chats.setTyping({ chatId, typing: true });
    const events = await heard.until(hasStop, "the indicator to run out");
    expect(await typingNow(two)).not.toContainEqual({ chatId, userId: a.user.id });
    await sleep(100);
    await heard.stop();
    expect(typingOnly(events)).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);

    const later = await (await on(two, b)).listen();
    await (await on(one, a)).api.messages.send({ chatId, content: "after" });
    await later.until((es) => es.some((e) => e.type === "message:new"));
    await later.stop();
    expect(typingOnly(later.events)).toEqual([]);
  });

  test("a refresh that reaches the other instance keeps the indicator up past the first timeout", async () => {
    const { a, b, chatId } = await world.directChat();
    const heard = await (await on(two, b)).listen();
    const startedAt = Date.now();
    await (await on(one, a)).api.chats.setTyping({ chatId, typing: true });
    await sleep(TIMEOUT_MS * 0.6);
    const refreshedAt = Date.now();
    expect(await (await on(two, a)).api.chats.setTyping({ chatId, typing: true })).toMatchObject({ typing: true });
    // Past the first timeout: the timer where it started saw the refresh and waits on.
    await sleep(TIMEOUT_MS * 0.8);
    expect(Date.now() - startedAt).toBeGreaterThan(TIMEOUT_MS);
    expect(typingOnly(heard.events)).toEqual([`typing:start:${a.user.id}`]);
    expect(await typingNow(one)).toContainEqual({ chatId, userId: a.user.id });

    const events = await heard.until(hasStop, "the refreshed indicator to run out");
    expect(Date.now() - refreshedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    await sleep(100);
    await heard.stop();
    expect(typingOnly(events)).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);
  });

  test("a stop or a message through the other instance ends the indicator once", async () => {
    const { a, b, chatId } = await world.directChat();
    const heard = await (await on(one, b)).listen();
    const [viaOne, viaTwo] = [await on(one, a), await on(two, a)];
    await viaOne.api.chats.setTyping({ chatId, typing: true });
    await viaTwo.api.chats.setTyping({ chatId, typing: false });
    await viaOne.api.chats.setTyping({ chatId, typing: true });
    await viaTwo.api.messages.send({ chatId, content: "sent from the other instance" });
    // Past the timeout of the instance where it started: its timer finds it ended, and is quiet.
    await sleep(TIMEOUT_MS + 300);
    await heard.stop();
    expect(heard.events.filter((e) => e.type.startsWith("typing:") || e.type === "message:new").map(brief)).toEqual([
      `typing:start:${a.user.id}`,
      `typing:stop:${a.user.id}`,
      `typing:start:${a.user.id}`,
      "new:sent from the other instance",
      `typing:stop:${a.user.id}`,
    ]);
    expect(await typingNow(one)).not.toContainEqual({ chatId, userId: a.user.id });
  });
});

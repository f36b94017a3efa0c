// Typing and presence only matter now: they reach whoever is listening, are never written to
// the log, and a client that comes back learns the current state instead of a replay of
// stale starts and stops.
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { events } from "@/server/db/schema";
import { syncPresence } from "@/server/services/accounts/presence";
import { brief, createTestWorld, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const loggedSignals = () =>
  world.db
    .select({ type: events.type })
    .from(events)
    .where(inArray(events.type, ["typing:start", "typing:stop", "presence", "call:signal"]));

test("typing and presence reach the live stream but never the log", async () => {
  const { a, b, chatId } = await world.directChat();
  const stream = await world.listen(a.token);
  await b.api.chats.setTyping({ chatId, typing: true });
  await syncPresence(world.deps, b.user.id, () => true);
  await b.api.chats.setTyping({ chatId, typing: false });
  const seen = await stream.until((all) => all.some((e) => e.type === "typing:stop"));
  expect(seen.map(brief)).toEqual([`typing:start:${b.user.id}`, `presence:${b.user.id}:online`, `typing:stop:${b.user.id}`]);
  await stream.stop();
  expect(await loggedSignals()).toEqual([]);
});

test("a client that comes back hears who is typing now and sees who is online, not a replay", async () => {
  const { a, b, chatId } = await world.directChat();
  const away = await world.listen(a.token);
  await b.api.messages.send({ chatId, content: "before the break" });
  const [last] = (await away.until((all) => all.some((e) => e.type === "message:new"))).slice(-1);
  await away.stop();

  // While a is away: b comes online, starts typing, stops, and starts again.
  await syncPresence(world.deps, b.user.id, () => true);
  await b.api.chats.setTyping({ chatId, typing: true });
  await b.api.chats.setTyping({ chatId, typing: false });
  await b.api.chats.setTyping({ chatId, typing: true });

  const back = await world.listen(a.token, { lastEventId: last!.id });
  await back.until((all) => all.some((e) => e.type === "typing:start"));
  // (Receipts are durable and may be replayed; they are not what this is about.)
  expect(back.events.map(brief).filter((e) => !e.startsWith("status:"))).toEqual([`typing:start:${b.user.id}`]);
  expect((await a.api.users.byId({ userId: b.user.id })).online).toBe(true);
  await back.stop();

  // Once b stops, a client coming back hears nothing of b's typing at all.
  await b.api.chats.setTyping({ chatId, typing: false });
  const later = await world.listen(a.token, { lastEventId: last!.id });
  await b.api.messages.send({ chatId, content: "after" });
  await later.until((all) => all.some((e) => e.type === "message:new"));
  expect(later.events.filter((e) => e.type.startsWith("typing:"))).toEqual([]);
  await later.stop();
});

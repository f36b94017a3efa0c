// Live events through `events.stream` on the world's in-memory bus: who receives what, and
// resuming from a last event id (every missed event once, nothing twice).
import { isTrackedEnvelope } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  brief,
  consumeEvents,
  createTestWorld,
  type ReceivedEvent,
  refusal,
  type TestUser,
  type TestWorld,
} from "@/server/testing/harness";
import { streamEvents } from "@/server/events/stream";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());


const hasMessage = (content: string) => (events: ReceivedEvent[]) =>
  events.some((e) => e.type === "message:new" && e.data.message.content === content);

/**
 * The stream has handed `user` someone else's message `seq`, which counts as delivered. That
 * receipt is news to the message's author alone, so it adds nothing to `user`'s log.
 */
const hasDelivered = (user: TestUser, seq: number) => (events: ReceivedEvent[]) =>
  events.some((e) => e.type === "message:new" && e.data.message.senderId !== user.user.id && e.data.message.seq >= seq);

/** Ids of every logged event `user` may see after `afterId`, oldest first. */
async function loggedIdsFor(user: TestUser, afterId: string): Promise<string[]> {
  const result = await world.db.execute<{ id: string | number }>(sql`
    SELECT id FROM events
    WHERE id > ${Number(afterId)}
      AND (user_id = ${user.user.id} OR chat_id IN (SELECT chat_id FROM chat_members WHERE user_id = ${user.user.id}))
    ORDER BY id`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { id: string | number }[] }).rows;
  return rows.map((r) => String(r.id));
}

const expectIncreasingIds = (events: ReceivedEvent[]) => {
  const ids = events.map((e) => Number(e.id));
  expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
};

describe("who receives what", () => {
  test("members receive message:new; a read shows as message:status", async () => {
    const { a, b, chatId } = await world.directChat();
    const [streamA, streamB] = [await world.listen(a.token), await world.listen(b.token)];

    const sent = await a.api.messages.send({ chatId, content: "ping" });
    const [newEvent] = (await streamB.until(hasMessage("ping"))).filter((e) => e.type === "message:new");
    expect(newEvent).toMatchObject({ type: "message:new", data: { chatId, message: { id: sent.id, content: "ping", senderId: a.user.id } } });
    // The sender's other devices hear it too.
    await streamA.until(hasMessage("ping"), "the sender's own copy");

    await b.api.messages.markRead({ chatId });
    const readByB = (e: ReceivedEvent) =>
      e.type === "message:status" && e.data.cursors.some((c) => c.userId === b.user.id && c.lastReadSeq === sent.seq);
    const events = await streamA.until((es) => es.some(readByB), "b's read receipt");
    expect(events.find(readByB)).toMatchObject({
      data: { chatId, cursors: [{ userId: b.user.id, lastReadSeq: sent.seq, lastDeliveredSeq: sent.seq }] },
    });

    await Promise.all([streamA.stop(), streamB.stop()]);
  });

  test("a new direct chat appears for the other person as chat:updated", async () => {
    const a = await world.signUp();
    const b = await world.signUp();
    const streamB = await world.listen(b.token);
    const chat = await a.api.chats.openDirect({ userId: b.user.id });
    const [event] = await streamB.until((es) => es.length > 0, "chat:updated");
    expect(event).toMatchObject({ type: "chat:updated", data: { chatId: chat.id, action: "created" } });
    expect((await b.api.chats.list()).items.map((c) => c.id)).toContain(chat.id);

    // Opening an existing chat again is not news.
    await b.api.chats.openDirect({ userId: a.user.id });
    await a.api.messages.send({ chatId: chat.id, content: "after reopen" });
    const events = await streamB.until(hasMessage("after reopen"));
    expect(events.filter((e) => e.type === "chat:updated")).toHaveLength(1);
    await streamB.stop();
  });

  test("someone outside the chat receives nothing of it", async () => {
    const outsider = await world.signUp();
    const stream = await world.listen(outsider.token);
    const { a, b, chatId } = await world.directChat();
    await a.api.messages.send({ chatId, content: "not for you" });
    await b.api.messages.markRead({ chatId });
    // A chat of the outsider's own, opened afterwards, is the first thing they hear of.
    const friend = await world.signUp();
    const theirs = await friend.api.chats.openDirect({ userId: outsider.user.id });
    const events = await stream.until((es) => es.length > 0);
    expect(events.map(brief)).toEqual([`chat:created:${theirs.id}`]);
    await stream.stop();
  });

  test("each value is a tRPC tracked envelope [id, { type, data }, symbol]", async () => {
    const { a, b, chatId } = await world.directChat();
    const controller = new AbortController();
    const raw: unknown[] = [];
    const iterable = streamEvents(world.deps, b.user.id, null, controller.signal);
    const before = world.bus.listenerCount(b.user.id);
    const stream = consumeEvents(
      (async function* () {
        for await (const value of iterable) {
          raw.push(value);
          yield value;
        }
      })(),
      () => controller.abort(),
    );
    await stream.until(() => world.bus.listenerCount(b.user.id) > before, "the subscription");
    await a.api.messages.send({ chatId, content: "shape" });
    await stream.until(hasMessage("shape"));
    await stream.stop();

    const first = raw[0] as unknown[];
    expect(isTrackedEnvelope(first)).toBe(true);
    expect(first).toHaveLength(3);
    expect(first[0]).toMatch(/^\d+$/);
    expect(first[1]).toEqual({ type: "message:new", data: expect.objectContaining({ chatId }) });
    expect(Object.keys(first[1] as object).sort()).toEqual(["data", "type"]);
    // Ending the stream removes its listener.
    expect(world.bus.listenerCount(b.user.id)).toBe(before);
  });

  test("a malformed lastEventId is a BAD_REQUEST", async () => {
    const a = await world.signUp();
    const error = await refusal(a.api.events.stream({ lastEventId: "abc" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toHaveProperty("lastEventId");
  });
});

describe("resuming with lastEventId", () => {
  test("receives exactly the missed events, once, then live ones", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await world.listen(a.token);
    const seen = await b.api.messages.send({ chatId, content: "seen live" });
    const lastEventId = (await first.until(hasDelivered(a, seen.seq))).at(-1)!.id;
    await first.stop();

    // While a is away: two messages and a read receipt in a's chat, and chatter elsewhere.
    await b.api.messages.send({ chatId, content: "missed 1" });
    await b.api.messages.send({ chatId, content: "missed 2" });
    const elsewhere = await world.directChat();
    await elsewhere.a.api.messages.send({ chatId: elsewhere.chatId, content: "not a's business" });
    const missed = await loggedIdsFor(a, lastEventId);

    const resumed = await world.listen(a.token, { lastEventId });
    await resumed.until((es) => es.length >= missed.length, "the replay");
    const live = await b.api.messages.send({ chatId, content: "live again" });
    const events = await resumed.until(hasDelivered(a, live.seq));
    await resumed.stop();

    expect(events.slice(0, missed.length).map((e) => e.id)).toEqual(missed);
    // Then only what happened since: the replayed messages reported delivered, and the live one.
    expect(events.slice(missed.length).every((e) => e.type === "message:status" || e.type === "message:new")).toBe(true);
    expect(events.map((e) => e.id)).toEqual(await loggedIdsFor(a, lastEventId));
    expect(events.filter((e) => e.type === "message:new").map((e) => brief(e))).toEqual([
      "new:missed 1",
      "new:missed 2",
      "new:live again",
    ]);
    expectIncreasingIds(events);
    expect(events.map(brief)).not.toContain("new:not a's business");
    expect(events.map(brief)).not.toContain("new:seen live");
  });

  test("events committed while the replay runs arrive once, in order, none lost", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await world.listen(a.token);
    const start = await b.api.messages.send({ chatId, content: "start" });
    const lastEventId = (await first.until(hasDelivered(a, start.seq))).at(-1)!.id;
    await first.stop();
    for (let i = 0; i < 20; i++) await b.api.messages.send({ chatId, content: `away ${i}` });

    // Resume while both people keep writing.
    const sending = Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).api.messages.send({ chatId, content: `during ${i}` })),
    );
    const resumed = await world.listen(a.token, { lastEventId });
    await sending;
    await b.api.messages.send({ chatId, content: "last" });
    // b's last message reads a's, so a receipt for a may follow it.
    const logged = await loggedIdsFor(a, lastEventId);
    const events = await resumed.until((es) => es.length >= logged.length, "every logged event");
    await resumed.stop();

    expectIncreasingIds(events);
    expect(events.map((e) => e.id)).toEqual(await loggedIdsFor(a, lastEventId));
    const contents = events.flatMap((e) => (e.type === "message:new" ? [e.data.message.content] : []));
    expect(contents).toHaveLength(20 + 12 + 1);
  });

  test("edits, deletions and reactions made while away are replayed in order", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await world.listen(a.token);
    const kept = await b.api.messages.send({ chatId, content: "kept" });
    const doomed = await b.api.messages.send({ chatId, content: "doomed" });
    const lastEventId = (await first.until(hasDelivered(a, doomed.seq))).at(-1)!.id;
    await first.stop();

    await b.api.messages.edit({ messageId: kept.id, content: "kept, edited" });
    const thumbs = await b.api.reactions.add({ messageId: kept.id, emoji: "👍" });
    await b.api.reactions.add({ messageId: doomed.id, emoji: "🔥" });
    await b.api.messages.delete({ messageId: doomed.id, scope: "everyone" });
    await b.api.reactions.remove({ messageId: kept.id, reactionId: thumbs.id });

    const resumed = await world.listen(a.token, { lastEventId });
    const live = await b.api.messages.send({ chatId, content: "back" });
    const events = await resumed.until(hasDelivered(a, live.seq));
    await resumed.stop();

    expect(events.map((e) => e.id)).toEqual(await loggedIdsFor(a, lastEventId));
    expect(events.map(brief)).toEqual([
      "updated:kept, edited",
      `reaction:+👍:${b.user.id}`,
      `reaction:+🔥:${b.user.id}`,
      `deleted:everyone:${doomed.id}`,
      `reaction:-👍:${b.user.id}`,
      "new:back",
    ]);
  });

  test("resuming from the latest id replays nothing", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await world.listen(a.token);
    const only = await b.api.messages.send({ chatId, content: "only" });
    const lastEventId = (await first.until(hasDelivered(a, only.seq))).at(-1)!.id;
    await first.stop();

    const resumed = await world.listen(a.token, { lastEventId });
    await b.api.messages.send({ chatId, content: "next" });
    const events = await resumed.until(hasDelivered(a, 2));
    await resumed.stop();
    // Only the new message: b's writing it reads nothing of a's, and a's delivery is news to b.
    expect(events.map(brief)).toEqual(["new:next"]);
  });
});

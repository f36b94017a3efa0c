// The event log publishes in id order, even when the database acknowledges commits out of order
// (they arrive on separate connections): a stream must never yield an id before a smaller one.
// Its replay stays cheap however many messages a page carries.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Database } from "@/server/db";
import { createTestWorld, type TestWorld, waitFor } from "@/server/testing/harness";
import { aroundTransactions, withHeldCommit, withSlowCommitAnswer } from "@/server/testing/held-commits";
import { eq } from "drizzle-orm";
import { events as eventsTable } from "@/server/db/schema";
import type { LiveEvent, StoredEvent } from "./types";
import { commitWithEvents, type Emit, replayEvents } from "./log";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** A transaction that only emits one logged event to `userId`, labelled by its chat id. */
const announce = (userId: string, label: string) => async (_tx: unknown, emit: Emit) =>
  emit({ type: "chat:updated", data: { chatId: label, action: "renamed" } }, { userId });

const labelOf = (e: LiveEvent) => (e.type === "chat:updated" ? e.data.chatId : e.type);

/** What `userId` hears on the bus, as labels. */
function listenOnBus(userId: string) {
  const heard: StoredEvent[] = [];
  const stop = world.bus.subscribe(userId, (event) => heard.push(event as StoredEvent));
  const labels = () => heard.map(labelOf);
  return { heard, labels, stop };
}

test("a transaction that commits later is published after one that committed earlier", async () => {
  const { user } = await world.signUp();
  const bus = listenOnBus(user.id);
  const slow = withSlowCommitAnswer(world.db);
  const first = commitWithEvents({ db: slow.db, bus: world.bus }, announce(user.id, "first"));
  await waitFor(slow.isCommitted, "the first transaction to commit");
  await commitWithEvents(world.deps, announce(user.id, "second"));
  expect(bus.labels()).toEqual([]);

  slow.release();
  await first;
  bus.stop();
  expect(bus.labels()).toEqual(["first", "second"]);
  expect(Number(bus.heard[0]!.id)).toBeLessThan(Number(bus.heard[1]!.id));
});

// PGlite has one connection, so its transactions cannot interleave: this runs where they can.
if (process.env.RELAY_TEST_DB === "postgres") {
  test("a client resuming while an earlier id is still uncommitted loses nothing", async () => {
    const { user, token } = await world.signUp();
    const before = await world.listen(token);
    await commitWithEvents(world.deps, announce(user.id, "seen"));
    await before.until((events) => events.some((e) => e.type === "chat:updated"));
    const lastSeen = before.events.at(-1)!.id;
    await before.stop();

    // "early" takes its id first but commits last; "late" commits in between with a larger id.
    const held = withHeldCommit(world.db);
    const early = commitWithEvents({ db: held.db, bus: world.bus }, announce(user.id, "early"));
    await waitFor(held.isHeld, "the early transaction to log its event");
    await commitWithEvents(world.deps, announce(user.id, "late"));
    expect(await visibleLabels(user.id)).toEqual(["seen", "late"]);

    // The client comes back now, from its last id: "late" is in the log, "early" is not yet.
    const resumed = await world.listen(token, { lastEventId: lastSeen });
    held.open();
    await early;
    const events = await resumed.until((all) => all.filter((e) => e.type === "chat:updated").length >= 2);
    expect(events.filter((e) => e.type === "chat:updated").map((e) => labelOf(e as LiveEvent))).toEqual(["early", "late"]);
    const ids = resumed.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await resumed.stop();
  });
}

/** The labels of the events logged for `userId` that other connections can see now. */
async function visibleLabels(userId: string) {
  const rows = await world.db
    .select({ data: eventsTable.data })
    .from(eventsTable)
    .where(eq(eventsTable.userId, userId))
    .orderBy(eventsTable.id);
  return rows.map((row) => (row.data as { chatId: string }).chatId);
}

test("a transaction that fails after logging its events does not hold up the ones after it", async () => {
  const { user } = await world.signUp();
  const bus = listenOnBus(user.id);
  // The real database, except that every transaction fails at the end (as a commit can).
  const failing = aroundTransactions(world.db, (transaction, work) =>
    transaction(async (tx) => {
      await work(tx);
      throw new Error("commit failed");
    }),
  );
  await expect(commitWithEvents({ db: failing, bus: world.bus }, announce(user.id, "rolled back"))).rejects.toThrow(
    "commit failed",
  );
  await commitWithEvents(world.deps, announce(user.id, "kept"));
  bus.stop();
  expect(bus.labels()).toEqual(["kept"]);
});

/** The database, counting the reads started on it (a subquery is built by a read too). */
function countingReads(db: Database) {
  let reads = 0;
  const counting = new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== "select" && property !== "selectDistinct" && property !== "execute") return value;
      return (...args: unknown[]) => {
        reads += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: counting, reads: () => reads };
}

/** How many reads a replay from the start costs `userId`, and what it replays. */
async function replayCost(userId: string) {
  const counted = countingReads(world.db);
  const replayed: StoredEvent[] = [];
  for await (const event of replayEvents(counted.db, userId, 0)) replayed.push(event);
  return { reads: counted.reads(), messages: replayed.filter((e) => e.type === "message:new").length };
}

test("bringing replayed messages up to date costs the same few reads for a page of two or of forty", async () => {
  const few = await world.directChat();
  await few.a.api.messages.send({ chatId: few.chatId, content: "one" });
  await few.a.api.messages.send({ chatId: few.chatId, content: "two" });

  const many = await world.directChat();
  let previous: string | undefined;
  for (let i = 0; i < 40; i += 1) {
    // Replies, files and edits: everything a replayed message may need brought up to date.
    const file = i % 4 === 0 ? await world.fileOf(many.a, { kind: "image" }) : null;
    const sent = await many.a.api.messages.send({
      chatId: many.chatId,
      content: `message ${i}`,
      replyToId: previous,
      ...(file ? { attachments: [file.id] } : {}),
    });
    if (i % 5 === 0) await many.a.api.messages.edit({ messageId: sent.id, content: `message ${i}, edited` });
    if (i % 7 === 0) await many.a.api.messages.delete({ messageId: sent.id, scope: "everyone" });
    previous = sent.id;
  }

  const [small, large] = [await replayCost(few.b.user.id), await replayCost(many.b.user.id)];
  expect([small.messages, large.messages]).toEqual([2, 40]);
  expect(large.reads).toBe(small.reads);
});

// Receipts at scale: delivery reports are written in batches, one transaction for every member
// and chat pending, and a cursor's move is news only to the authors of the messages it passed
// (their ticks change), never to the whole chat. Who heard what is read from the event log;
// how many writes a batch took, from a trigger on chat_members that notes each one.
import { rowsOf } from "@/server/db/rows";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { MemberCursors } from "@/server/events/types";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";
import { DELIVERY_FLUSH_ATTEMPTS } from "@/server/services/messages/delivery-buffer";
import { recordDelivery } from "@/server/services/messages/receipts";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
  // Every write that moves a delivered cursor alone (what a delivery batch does), with its
  // transaction; and a way to make such writes of one person fail a given number of times.
  await world.db.execute(sql`CREATE TABLE delivery_writes (tx bigint NOT NULL, user_id text NOT NULL)`);
  await world.db.execute(sql`CREATE TABLE refused_deliveries (user_id text PRIMARY KEY, until_refusal bigint NOT NULL)`);
  await world.db.execute(sql`CREATE SEQUENCE delivery_refusals`);
  await world.db.execute(sql`
    CREATE FUNCTION note_delivery_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.last_delivered_seq <> OLD.last_delivered_seq AND NEW.last_read_seq = OLD.last_read_seq THEN
        -- A sequence, unlike a table, keeps counting when the refusal rolls the write back.
        IF EXISTS (SELECT 1 FROM refused_deliveries r WHERE r.user_id = NEW.user_id
                   AND nextval('delivery_refusals') <= r.until_refusal) THEN
          RAISE EXCEPTION 'delivery refused for the test';
        END IF;
        INSERT INTO delivery_writes VALUES (txid_current(), NEW.user_id);
      END IF;
      RETURN NEW;
    END $$`);
  await world.db.execute(sql`
    CREATE TRIGGER note_delivery_write AFTER UPDATE ON chat_members
    FOR EACH ROW EXECUTE FUNCTION note_delivery_write()`);
});
afterAll(() => world.close());
afterEach(() => vi.restoreAllMocks());


async function lastEventId(): Promise<number> {
  const [row] = rowsOf<{ id: string | number }>(await world.db.execute(sql`SELECT coalesce(max(id), 0) AS id FROM events`));
  return Number(row!.id);
}

type StatusEvent = { userId: string | null; chatId: string | null; cursors: MemberCursors[] };

/** The `message:status` events logged after `afterId`: to whom, and what they said. */
async function statusEventsSince(afterId: number): Promise<StatusEvent[]> {
  const rows = rowsOf<{ user_id: string | null; chat_id: string | null; data: { cursors: MemberCursors[] } | string }>(
    await world.db.execute(
      sql`SELECT user_id, chat_id, data FROM events WHERE type = 'message:status' AND id > ${afterId} ORDER BY id`,
    ),
  );
  return rows.map((r) => {
    const data = typeof r.data === "string" ? (JSON.parse(r.data) as { cursors: MemberCursors[] }) : r.data;
    return { userId: r.user_id, chatId: r.chat_id, cursors: data.cursors };
  });
}

/** Delivery writes since the last call: per transaction, whose cursor it moved. */
async function takeDeliveryWrites(): Promise<Map<string, string[]>> {
  const rows = rowsOf<{ tx: string | number; user_id: string }>(await world.db.execute(sql`SELECT tx, user_id FROM delivery_writes`));
  await world.db.execute(sql`DELETE FROM delivery_writes`);
  const byTransaction = new Map<string, string[]>();
  for (const row of rows) byTransaction.set(String(row.tx), [...(byTransaction.get(String(row.tx)) ?? []), row.user_id]);
  return byTransaction;
}

async function people(count: number): Promise<TestUser[]> {
  const made: TestUser[] = [];
  for (let i = 0; i < count; i++) made.push(await world.signUp());
  return made;
}

async function sendMany(from: TestUser, chatId: string, count: number) {
  const sent = [];
  for (let i = 1; i <= count; i++) sent.push(await from.api.messages.send({ chatId, content: `note ${i}` }));
  return sent;
}

/** A member's cursors as the chat's info shows them to `viewer`. */
async function cursorsIn(viewer: TestUser, chatId: string) {
  const info = await viewer.api.chats.info({ chatId });
  return Object.fromEntries(info.members.map((m) => [m.user.id, { delivered: m.lastDeliveredSeq, read: m.lastReadSeq }]));
}

const ids = (users: TestUser[]) => users.map((u) => u.user.id).sort();

/** A group of 20 where the first person writes and the other 19 only receive. */
async function groupOfTwenty() {
  const [author, ...members] = await people(20);
  const chatId = await world.group(author!, members);
  return { author: author!, members, chatId };
}

describe("delivery in batches", () => {
  test("19 members reporting each of 30 messages are one transaction, one write per member, one event", async () => {
    const { author, members, chatId } = await groupOfTwenty();
    const sent = await sendMany(author, chatId, 30);
    const last = sent.at(-1)!;
    await world.flushReceipts();
    await takeDeliveryWrites();
    const before = await lastEventId();

    // Every client reports every message, as a stream would: 570 reports in all.
    for (const message of sent) {
      for (const member of members) await recordDelivery(world.deps, member.user.id, [{ chatId, seq: message.seq }]);
    }
    await world.flushReceipts();

    const writes = await takeDeliveryWrites();
    expect(writes.size).toBe(1);
    expect([...writes.values()][0]!.sort()).toEqual(ids(members));
    // One event, to the author alone, with every member who moved.
    const events = await statusEventsSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: author.user.id, chatId: null });
    expect(events[0]!.cursors.map((c) => c.userId).sort()).toEqual(ids(members));
    expect(events[0]!.cursors.every((c) => c.lastDeliveredSeq === last.seq && c.lastReadSeq === 0)).toBe(true);

    // The author's ticks: delivered to all 19, read by none.
    const info = await author.api.chats.info({ chatId });
    expect(info).toMatchObject({ peerDeliveredSeq: last.seq, peerReadSeq: 0 });
    const cursors = await cursorsIn(author, chatId);
    for (const member of members) expect(cursors[member.user.id]).toEqual({ delivered: last.seq, read: 0 });
    const receipts = await author.api.messages.receipts({ messageId: last.id });
    expect(receipts).toHaveLength(19);
    expect(receipts.every((r) => r.delivered && r.readAt === null)).toBe(true);
  });

  test("20 people online: the author sees all 19 deliveries, written once per member per batch", async () => {
    const { author, members, chatId } = await groupOfTwenty();
    await world.flushReceipts();
    await takeDeliveryWrites();
    const before = await lastEventId();
    const authorStream = await world.listen(author.token);
    const streams = [];
    for (const member of members) streams.push(await world.listen(member.token));

    const sent = await sendMany(author, chatId, 30);
    const last = sent.at(-1)!;
    const delivered = new Map<string, number>();
    await authorStream.until((events) => {
      for (const e of events) {
        if (e.type !== "message:status") continue;
        for (const c of e.data.cursors) delivered.set(c.userId, Math.max(delivered.get(c.userId) ?? 0, c.lastDeliveredSeq));
      }
      return members.every((m) => (delivered.get(m.user.id) ?? 0) >= last.seq);
    }, "every member's delivery of the last message");
    await world.flushReceipts();
    await Promise.all([authorStream.stop(), ...streams.map((s) => s.stop())]);

    const writes = await takeDeliveryWrites();
    // However the reports fell into batches: each batch wrote each member at most once...
    for (const movedInBatch of writes.values()) expect(new Set(movedInBatch).size).toBe(movedInBatch.length);
    // ...and told the author once; nobody else heard anything of it.
    const events = await statusEventsSince(before);
    expect(events.every((e) => e.userId === author.user.id && e.chatId === null)).toBe(true);
    expect(events).toHaveLength(writes.size);

    const cursors = await cursorsIn(author, chatId);
    for (const member of members) expect(cursors[member.user.id]).toEqual({ delivered: last.seq, read: 0 });
    expect(await author.api.chats.info({ chatId })).toMatchObject({ peerDeliveredSeq: last.seq, peerReadSeq: 0 });
  });

  test("each author hears once per batch; readers and a member who wrote nothing hear nothing", async () => {
    const [ana, ben, cai, dan, eve] = await people(5);
    const chatId = await world.group(ana!, [ben!, cai!, dan!, eve!]);
    await sendMany(ana!, chatId, 2);
    const fromBen = await ben!.api.messages.send({ chatId, content: "and mine" });
    await world.flushReceipts();
    const before = await lastEventId();

    for (const reader of [cai!, dan!]) await recordDelivery(world.deps, reader.user.id, [{ chatId, seq: fromBen.seq }]);
    await world.flushReceipts();

    const events = await statusEventsSince(before);
    expect(events.map((e) => e.userId).sort()).toEqual(ids([ana!, ben!]));
    for (const event of events) {
      expect(event.cursors.sort((x, y) => x.userId.localeCompare(y.userId))).toEqual(
        ids([cai!, dan!]).map((userId) => ({ userId, lastDeliveredSeq: fromBen.seq, lastReadSeq: 0 })),
      );
    }
  });

  test("a cursor that passes nobody else's message tells no one, yet moves", async () => {
    const [ana, ben] = await people(2);
    const chatId = await world.group(ana!, [ben!]);
    const greeting = await ana!.api.messages.send({ chatId, content: "hello" });
    await recordDelivery(world.deps, ben!.user.id, [{ chatId, seq: greeting.seq }]);
    await world.flushReceipts();
    // A rename is a system line: it shows no ticks, so its delivery is news to no one.
    await ana!.api.chats.update({ chatId, title: "Climbers" });
    const rename = (await ben!.api.chats.info({ chatId })).lastMessage!;
    expect(rename.kind).toBe("system");
    const before = await lastEventId();

    await recordDelivery(world.deps, ben!.user.id, [{ chatId, seq: rename.seq }]);
    await world.flushReceipts();

    expect(await statusEventsSince(before)).toEqual([]);
    expect((await cursorsIn(ana!, chatId))[ben!.user.id]).toEqual({ delivered: rename.seq, read: 0 });
  });

  test("the cursor never moves back, and delivered never falls below read", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await sendMany(a, chatId, 6);
    await b.api.messages.markRead({ chatId, upToMessageId: sent[3]!.id });
    let before = await lastEventId();

    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[1]!.seq }]);
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: 4, read: 4 });
    expect(await statusEventsSince(before)).toEqual([]);

    // Reports out of order within a batch: the furthest wins.
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[5]!.seq }]);
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[4]!.seq }]);
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: 6, read: 4 });
    expect(await statusEventsSince(before)).toEqual([
      { userId: a.user.id, chatId: null, cursors: [{ userId: b.user.id, lastDeliveredSeq: 6, lastReadSeq: 4 }] },
    ]);

    // A later batch with an older report changes nothing.
    before = await lastEventId();
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[2]!.seq }]);
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: 6, read: 4 });
    expect(await statusEventsSince(before)).toEqual([]);

    // A report still waiting while the person reads further: reading moved delivered as well.
    const more = await sendMany(a, chatId, 2);
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: more[0]!.seq }]);
    await b.api.messages.markRead({ chatId });
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: 8, read: 8 });
  });

  test("a batch that fails is logged and tried again; after a few failures it is given up", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));
    const { a, b, chatId } = await world.directChat();
    const sent = await sendMany(a, chatId, 3);
    const refuse = (times: number) =>
      world.db.execute(sql`
        INSERT INTO refused_deliveries VALUES (${b.user.id}, (SELECT last_value FROM delivery_refusals) + ${times})
        ON CONFLICT (user_id) DO UPDATE SET until_refusal = excluded.until_refusal`);
    // The sequence counts from its last value once it has been used.
    await world.db.execute(sql`SELECT setval('delivery_refusals', 100)`);

    await refuse(1);
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[1]!.seq }]);
    await world.flushReceipts();
    expect(warnings.some((w) => w.includes("Could not record 1 deliveries: 1 will be retried, 0 dropped"))).toBe(true);
    // The next batch carries it (whether the timer or this flush writes it).
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: sent[1]!.seq, read: 0 });

    await refuse(DELIVERY_FLUSH_ATTEMPTS);
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[2]!.seq }]);
    for (let i = 0; i < DELIVERY_FLUSH_ATTEMPTS; i++) await world.flushReceipts();
    expect(warnings.some((w) => w.includes("0 will be retried, 1 dropped"))).toBe(true);
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: sent[1]!.seq, read: 0 });
    // Later reports are written as usual.
    await recordDelivery(world.deps, b.user.id, [{ chatId, seq: sent[2]!.seq }]);
    await world.flushReceipts();
    expect((await cursorsIn(a, chatId))[b.user.id]).toEqual({ delivered: sent[2]!.seq, read: 0 });
  });
});

describe("reads and sends tell the authors only", () => {
  test("markRead goes to the authors of what it read and to my own devices, not to the chat", async () => {
    const [ana, ben, cai, dan] = await people(4);
    const chatId = await world.group(ana!, [ben!, cai!, dan!]);
    const fromAna = await ana!.api.messages.send({ chatId, content: "who is in?" });
    const fromBen = await ben!.api.messages.send({ chatId, content: "me" });
    const caiElsewhere = await world.listen(cai!.token);
    const before = await lastEventId();

    // The group's "created" line and both messages.
    expect(await cai!.api.messages.markRead({ chatId })).toEqual({ modifiedCount: 3, lastReadSeq: fromBen.seq });

    const events = await statusEventsSince(before);
    const cursor = { userId: cai!.user.id, lastReadSeq: fromBen.seq, lastDeliveredSeq: fromBen.seq };
    expect(events.map((e) => e.userId).sort()).toEqual(ids([ana!, ben!, cai!]));
    for (const event of events) expect(event).toMatchObject({ chatId: null, cursors: [cursor] });
    // Cai's other device hears of the read, to clear its unread count.
    await caiElsewhere.until((es) => es.some((e) => e.type === "message:status"), "cai's own read");
    await caiElsewhere.stop();

    // Ana's ticks: read by Ben (who replied) and Cai, 2 of 3.
    const info = await ana!.api.chats.info({ chatId });
    const others = info.members.filter((m) => m.user.id !== ana!.user.id);
    expect(others.filter((m) => m.lastReadSeq >= fromAna.seq).map((m) => m.user.id).sort()).toEqual(ids([ben!, cai!]));
    const receipts = await ana!.api.messages.receipts({ messageId: fromAna.id });
    expect(receipts.find((r) => r.user.id === cai!.user.id)).toMatchObject({ delivered: true, readAt: expect.any(String) });
    expect(receipts.find((r) => r.user.id === dan!.user.id)).toMatchObject({ readAt: null });
  });

  test("writing reads the chat: the message itself says so, and no status is logged for it", async () => {
    const [ana, ben, cai] = await people(3);
    const chatId = await world.group(ana!, [ben!, cai!]);
    await sendMany(ana!, chatId, 2);
    const before = await lastEventId();
    const anaHears = await world.listen(ana!.token);

    const reply = await ben!.api.messages.send({ chatId, content: "reply" });
    const heard = await anaHears.until((es) => es.some((e) => e.type === "message:new" && e.data.message.id === reply.id));
    // What Ana's client draws its ticks from: Ben, the sender, is at the reply's seq.
    expect(heard.find((e) => e.type === "message:new")).toMatchObject({ data: { message: { senderId: ben!.user.id, seq: reply.seq } } });
    await cai!.api.messages.send({ chatId, content: "hi all" });
    expect(await statusEventsSince(before)).toEqual([]);
    // The cursors are written all the same: a client that loads the chat sees them.
    expect(await ana!.api.chats.info({ chatId })).toMatchObject({ peerReadSeq: reply.seq + 1 });
    await anaHears.stop();
  });
});

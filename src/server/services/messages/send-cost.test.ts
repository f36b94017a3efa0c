// What one message costs the database: the rows a send writes are counted by triggers on every
// table, and must not grow with the chat. A group of 200 costs what a direct chat costs, yet
// every member still gets the message, and the chat list still orders and counts it right.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, type TestWorld, waitFor } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
  await countEveryRowWritten();
});
afterAll(() => world.close());

/**
 * Puts an AFTER … FOR EACH ROW trigger on every table of the public schema that notes the
 * table and the operation in `write_cost.rows` (a schema of its own, so it counts nothing of
 * itself).
 */
async function countEveryRowWritten() {
  await world.db.execute(sql`CREATE SCHEMA write_cost`);
  await world.db.execute(sql`CREATE TABLE write_cost.rows (table_name text NOT NULL, operation text NOT NULL)`);
  await world.db.execute(sql`
    CREATE FUNCTION write_cost.note_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO write_cost.rows VALUES (TG_TABLE_NAME, TG_OP);
      RETURN NULL;
    END $$`);
  await world.db.execute(sql`
    DO $$
    DECLARE t record;
    BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format(
          'CREATE TRIGGER note_row_written AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION write_cost.note_row()',
          t.tablename);
      END LOOP;
    END $$`);
}

type Written = Record<string, number>;

/** Runs `work` and returns the rows it wrote, as "table OPERATION" → count. */
async function rowsWrittenBy(work: () => Promise<unknown>): Promise<Written> {
  await world.db.execute(sql`DELETE FROM write_cost.rows`);
  await work();
  const result = await world.db.execute<{ what: string; n: number }>(
    sql`SELECT table_name || ' ' || operation AS what, count(*)::int AS n FROM write_cost.rows GROUP BY 1 ORDER BY 1`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: { what: string; n: number }[] }).rows) as {
    what: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.what, r.n]));
}

const total = (written: Written) => Object.values(written).reduce((sum, n) => sum + n, 0);

/** Counts, per user, the `message:new` events for `messageId` their connections would get. */
function countArrivals(userIds: string[]) {
  const arrivals = new Map<string, Map<string, number>>();
  const stops = userIds.map((userId) =>
    world.bus.subscribe(userId, (event) => {
      if (event.type !== "message:new") return;
      const perMessage = arrivals.get(userId) ?? new Map<string, number>();
      perMessage.set(event.data.message.id, (perMessage.get(event.data.message.id) ?? 0) + 1);
      arrivals.set(userId, perMessage);
    }),
  );
  return {
    of: (messageId: string) => userIds.map((userId) => arrivals.get(userId)?.get(messageId) ?? 0),
    stop: () => stops.forEach((stop) => stop()),
  };
}

describe("the cost of a send", () => {
  test("a message to 200 members writes the same few rows as one to 2, and reaches each member once", async () => {
    const { a, b, chatId: directId } = await world.directChat();
    const inDirect = await rowsWrittenBy(() => a.api.messages.send({ chatId: directId, content: "hi" }));

    const owner = await world.signUp();
    const reader = await world.signUp();
    const others = await world.bystanders(198);
    const group = await owner.api.chats.createGroup({ title: "Hikers", memberIds: [reader.user.id, ...others] });
    const groupId = group.id;
    const members = [owner.user.id, reader.user.id, ...others];
    expect((await owner.api.chats.info({ chatId: groupId })).memberCount).toBe(200);

    // The reader's direct chat is busier than the group until the group's next message.
    const friend = await world.signUp();
    const elsewhere = await friend.api.chats.openDirect({ userId: reader.user.id });
    await friend.api.messages.send({ chatId: elsewhere.id, content: "are you coming?" });
    expect((await reader.api.chats.list()).items.map((c) => c.id)).toEqual([elsewhere.id, groupId]);

    const arrivals = countArrivals(members);
    let sent: { id: string; seq: number } | undefined;
    const inGroup = await rowsWrittenBy(async () => {
      sent = await owner.api.messages.send({ chatId: groupId, content: "the trail is open" });
    });
    await waitFor(() => arrivals.of(sent!.id).every((n) => n > 0), "every member to get the message");
    expect(arrivals.of(sent!.id)).toEqual(members.map(() => 1));
    arrivals.stop();

    // The chat row, the message, the sender's own membership, and the event log.
    expect(inGroup).toEqual(inDirect);
    expect(inDirect).toMatchObject({ "chats UPDATE": 1, "messages INSERT": 1, "chat_members UPDATE": 1 });
    expect(total(inDirect)).toBeLessThanOrEqual(5);

    // The chat list follows the chat's own activity, and unread counts follow the cursors.
    const readerList = (await reader.api.chats.list()).items;
    expect(readerList.map((c) => c.id)).toEqual([groupId, elsewhere.id]);
    expect(readerList[0]).toMatchObject({ unreadCount: 2, lastMessage: { id: sent!.id } });
    const ownerList = (await owner.api.chats.list()).items;
    expect(ownerList[0]).toMatchObject({ id: groupId, unreadCount: 0 });
    expect((await b.api.chats.list()).items[0]).toMatchObject({ id: directId, unreadCount: 1 });
  });
});

// Lists paged by (created_at, id): rows created within one millisecond are neither skipped nor
// repeated, whatever finer time the database clock gave them.
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { reactions } from "@/server/db/schema";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

test("walking a newest-first list one row a page returns every row once, even within one millisecond", async () => {
  const { a, b, chatId } = await world.directChat();
  const admin = await world.makeAdmin(await world.signUp());
  const message = await a.api.messages.send({ chatId, content: "React to this" });
  const added = [
    await a.api.reactions.add({ messageId: message.id, emoji: "👍" }),
    await b.api.reactions.add({ messageId: message.id, emoji: "👍" }),
    await b.api.reactions.add({ messageId: message.id, emoji: "🔥" }),
  ];
  // Microseconds apart, in the same millisecond, as a busy server's clock would write them.
  for (const [i, reaction] of added.entries()) {
    await world.db
      .update(reactions)
      .set({ createdAt: sql.raw(`'2026-01-01T00:00:00.1234${i}1Z'::timestamptz`) })
      .where(inArray(reactions.id, [reaction.id]));
  }

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof admin.api.admin.reactions>> = await admin.api.admin.reactions({ limit: 1, cursor });
    seen.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor && seen.length < 10);
  expect(seen.sort()).toEqual(added.map((r) => r.id).sort());
});

// The scheduler: a due item is sent exactly once, whether its time came while the server was
// down (sent at the next start, marked late) or several instances race for it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { files, scheduledMessages, users } from "@/server/db/schema";
import { sendDueScheduled, startScheduledSender } from "@/server/jobs/scheduled-sender";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** An item written straight into the table, as if scheduled long ago. */
async function dueItem(authorId: string, chatId: string, content: string, dueAt: Date) {
  const [row] = await world.db
    .insert(scheduledMessages)
    .values({ authorId, chatId, kind: "text", content, clientId: `client-${content}`, dueAt })
    .returning();
  return row!;
}

async function until(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the scheduled send");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the scheduled sender", () => {
  test("an item whose time passed while the server was down is sent at start, once, marked late", async () => {
    const { a, b, chatId } = await world.directChat();
    const dueAt = new Date(Date.now() - 10 * 60_000);
    const item = await dueItem(a.user.id, chatId, "while you were down", dueAt);
    const sender = startScheduledSender(world.deps, { tickMs: 50 });
    try {
      await until(async () => (await b.api.messages.list({ chatId })).items.length > 0);
    } finally {
      await sender.stop();
    }
    const { items } = await b.api.messages.list({ chatId });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ content: "while you were down", clientId: item.clientId, scheduled: { for: dueAt.toISOString(), late: true } });
    const [row] = await world.db.select().from(scheduledMessages).where(eq(scheduledMessages.id, item.id));
    expect(row).toMatchObject({ state: "sent", messageId: items[0]!.id });
  });

  test("two instances racing for the due items send each exactly once", async () => {
    const { a, b, chatId } = await world.directChat();
    const past = new Date(Date.now() - 1000);
    for (let i = 0; i < 6; i++) await dueItem(a.user.id, chatId, `race ${i}`, past);
    await Promise.all([sendDueScheduled(world.deps), sendDueScheduled(world.deps), sendDueScheduled(world.deps)]);
    const { items } = await b.api.messages.list({ chatId });
    expect(items.map((m) => m.content).sort()).toEqual(["race 0", "race 1", "race 2", "race 3", "race 4", "race 5"]);
    expect(items.map((m) => m.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("a banned author's item is not sent: it fails with the reason", async () => {
    const { a, b, chatId } = await world.directChat();
    const item = await dueItem(a.user.id, chatId, "from the banned", new Date(Date.now() - 1000));
    await world.db.update(users).set({ bannedAt: new Date() }).where(eq(users.id, a.user.id));
    await sendDueScheduled(world.deps);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(0);
    const [row] = await world.db.select().from(scheduledMessages).where(eq(scheduledMessages.id, item.id));
    expect(row).toMatchObject({ state: "failed", failureReason: expect.stringMatching(/banned/) });
  });

  test("a file deleted before the time fails the item, with why", async () => {
    const { a, b, chatId } = await world.directChat();
    const file = await world.fileOf(a, { kind: "document" });
    const item = await a.api.messages.send({ chatId, kind: "attachment", attachments: [file.id], scheduledFor: new Date(Date.now() + 5 * 60_000) });
    // The file changes hands (as if its row were reassigned): it is no longer the author's.
    await world.db.update(files).set({ uploaderId: b.user.id }).where(eq(files.id, file.id));
    await sendDueScheduled(world.deps, () => new Date(Date.now() + 6 * 60_000));
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(0);
    const [failed] = await a.api.messages.scheduled({ chatId });
    expect(failed).toMatchObject({ id: item.id, schedule: { state: "failed", failureReason: expect.stringMatching(/^Not sent: /) } });
  });
});

// The chat list's filters (type, archive, search text), per-person archive, chat stats and
// per-message read receipts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("chats.list filters", () => {
  test("by type, and by a piece of the title or of another member's name or username", async () => {
    const me = await world.signUp({ firstName: "Me", lastName: "Myself" });
    const zed = await world.signUp({ firstName: "Zedekiah", lastName: "Stone" });
    const other = await world.signUp({ username: "quirky_handle" });
    const direct = await me.api.chats.openDirect({ userId: zed.user.id });
    const groupId = await world.group(me, [other], "Book 100% club");
    const context = await me.api.chats.openContext({ contextType: "listing", contextId: "5", memberIds: [other.user.id] });

    const ids = async (input: Parameters<typeof me.api.chats.list>[0]) => (await me.api.chats.list(input)).items.map((c) => c.id);
    expect(await ids({ type: "direct" })).toEqual([direct.id]);
    expect(await ids({ type: "group" })).toEqual([groupId]);
    expect(await ids({ type: "context" })).toEqual([context.id]);
    expect(await ids({ type: "support" })).toEqual([]);
    expect(await ids({ q: "zedek" })).toEqual([direct.id]);
    expect(await ids({ q: "STONE" })).toEqual([direct.id]);
    expect(await ids({ q: "book" })).toEqual([groupId]);
    expect(await ids({ q: "100%" })).toEqual([groupId]);
    // A wildcard is a plain character: nothing else has a "%" in it.
    expect(await ids({ q: "%" })).toEqual([groupId]);
    expect((await ids({ q: "QUIRKY" })).sort()).toEqual([groupId, context.id].sort());
    expect(await ids({ q: "myself" })).toEqual([]);
    expect(await ids({ q: "quirky", type: "group" })).toEqual([groupId]);
    const bad = await refusal(me.api.chats.list({ type: "channel" as "group" }));
    expect(bad.fieldErrors?.type).toEqual(["Type must be direct, group, support or context"]);
  });
});

describe("chats.archive", () => {
  test("hides a chat for me alone; it stays archived when new messages arrive; paging works", async () => {
    const me = await world.signUp();
    const peers = await Promise.all([world.signUp(), world.signUp(), world.signUp()]);
    const chats = [];
    for (const peer of peers) chats.push(await me.api.chats.openDirect({ userId: peer.user.id }));
    const [kept, archivedA, archivedB] = chats.map((c) => c.id) as [string, string, string];

    expect(await me.api.chats.archive({ chatId: archivedA, archived: true })).toMatchObject({ id: archivedA, archived: true });
    await me.api.chats.archive({ chatId: archivedB, archived: true });
    expect((await me.api.chats.list()).items.map((c) => c.id)).toEqual([kept]);
    // Archiving is mine: the other person still sees the chat.
    expect((await peers[1]!.api.chats.list()).items).toMatchObject([{ id: archivedA, archived: false }]);

    // A new message does not bring it back (we keep archived chats archived).
    await peers[1]!.api.messages.send({ chatId: archivedA, content: "still there?" });
    expect((await me.api.chats.list()).items.map((c) => c.id)).toEqual([kept]);
    const first = await me.api.chats.list({ archived: true, limit: 1 });
    expect(first.items).toMatchObject([{ id: archivedA, archived: true, unreadCount: 1 }]);
    const second = await me.api.chats.list({ archived: true, limit: 1, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual([archivedB]);
    expect(second.nextCursor).toBeNull();

    await me.api.chats.archive({ chatId: archivedA, archived: false });
    expect((await me.api.chats.list()).items.map((c) => c.id)).toEqual([archivedA, kept]);
    const outsider = await world.signUp();
    expect((await refusal(outsider.api.chats.archive({ chatId: kept, archived: true }))).code).toBe("NOT_FOUND");
  });
});

describe("chats.stats", () => {
  test("counts my chats (archived too), the messages I can see and my unread ones", async () => {
    const me = await world.signUp();
    const [a, b] = [await world.signUp(), await world.signUp()];
    expect(await me.api.chats.stats()).toEqual({ totalChats: 0, totalMessages: 0, totalUnread: 0 });
    const direct = await me.api.chats.openDirect({ userId: a.user.id });
    const groupId = await world.group(b, [me, a]);
    await a.api.messages.send({ chatId: direct.id, content: "1" });
    const hidden = await a.api.messages.send({ chatId: direct.id, content: "2" });
    await me.api.messages.send({ chatId: direct.id, content: "3" });
    await b.api.messages.send({ chatId: groupId, content: "4" });
    await a.api.messages.send({ chatId: groupId, content: "5" });
    await me.api.messages.delete({ messageId: hidden.id, scope: "me" });
    await me.api.chats.archive({ chatId: groupId, archived: true });

    // Group: the "created" line and two messages, all unread; direct: two I can see, read by my reply.
    expect(await me.api.chats.stats()).toEqual({ totalChats: 2, totalMessages: 5, totalUnread: 3 });
  });
});

describe("messages.receipts", () => {
  test("who has read my message in a group, and when; only members may ask", async () => {
    const [me, reader, replier, idle, outsider] = await Promise.all(Array.from({ length: 5 }, () => world.signUp()));
    const chatId = await world.group(me!, [reader!, replier!, idle!]);
    const message = await me!.api.messages.send({ chatId, content: "Who is coming?" });

    let receipts = await me!.api.messages.receipts({ messageId: message.id });
    expect(receipts.map((r) => r.user.id).sort()).toEqual([reader!.user.id, replier!.user.id, idle!.user.id].sort());
    expect(receipts.every((r) => r.readAt === null)).toBe(true);

    await reader!.api.messages.markRead({ chatId });
    await replier!.api.messages.send({ chatId, content: "Me!" });
    await idle!.api.messages.list({ chatId });
    await world.flushReceipts();
    receipts = await me!.api.messages.receipts({ messageId: message.id });
    const byUser = Object.fromEntries(receipts.map((r) => [r.user.id, r]));
    expect(byUser[reader!.user.id]).toMatchObject({ delivered: true, readAt: expect.any(String) });
    expect(Date.parse(byUser[reader!.user.id]!.readAt!)).toBeGreaterThanOrEqual(Date.parse(message.createdAt));
    expect(byUser[replier!.user.id]).toMatchObject({ delivered: true, readAt: expect.any(String) });
    expect(byUser[idle!.user.id]).toMatchObject({ delivered: true, readAt: null });
    // Read by 2 of 3, as chat info's cursors say too.
    const info = await me!.api.chats.info({ chatId });
    expect(info.members.filter((m) => m.user.id !== me!.user.id && m.lastReadSeq >= message.seq)).toHaveLength(2);

    expect((await refusal(outsider!.api.messages.receipts({ messageId: message.id }))).code).toBe("NOT_FOUND");
  });
});

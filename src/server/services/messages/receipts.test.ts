// Receipts: a message is sent → delivered (it reached the other person's client: a history
// page, the chat list or the live stream) → read (markRead). Senders see both cursors.
// Deliveries are written in batches: tests flush the batch before they look.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, type ReceivedEvent, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** What `viewer` sees of the other person's progress in a chat: how far delivered, how far read. */
async function ticks(viewer: TestUser, chatId: string) {
  const info = await viewer.api.chats.info({ chatId });
  return { delivered: info.peerDeliveredSeq, read: info.peerReadSeq };
}

/** `user`'s cursors as the chat's members list shows them. */
async function cursorsOf(user: TestUser, chatId: string) {
  const member = (await user.api.chats.info({ chatId })).members.find((m) => m.user.id === user.user.id)!;
  return { delivered: member.lastDeliveredSeq, read: member.lastReadSeq };
}

const statusOf = (user: TestUser) => (e: ReceivedEvent) =>
  e.type === "message:status" && e.data.cursors.some((c) => c.userId === user.user.id);

async function sendMany(from: TestUser, chatId: string, count: number) {
  const sent = [];
  for (let i = 1; i <= count; i++) sent.push(await from.api.messages.send({ chatId, content: `note ${i}` }));
  return sent;
}

describe("delivered", () => {
  test("when the other person fetches the history", async () => {
    const { a, b, chatId } = await world.directChat();
    await sendMany(a, chatId, 2);
    expect(await ticks(a, chatId)).toEqual({ delivered: 0, read: 0 });

    await b.api.messages.list({ chatId });
    await world.flushReceipts();
    expect(await ticks(a, chatId)).toEqual({ delivered: 2, read: 0 });
    expect((await a.api.chats.list()).items.find((c) => c.id === chatId)).toMatchObject({ peerDeliveredSeq: 2, peerReadSeq: 0 });
    // Delivered is not read: b still has both unread.
    expect((await b.api.chats.info({ chatId })).unreadCount).toBe(2);
  });

  test("when the other person's chat list shows the chat", async () => {
    const { a, b, chatId } = await world.directChat();
    await sendMany(a, chatId, 3);
    await b.api.chats.list();
    await world.flushReceipts();
    expect(await ticks(a, chatId)).toEqual({ delivered: 3, read: 0 });
  });

  test("when the other person's live stream hands them the message; the sender hears it", async () => {
    const { a, b, chatId } = await world.directChat();
    const [streamA, streamB] = [await world.listen(a.token), await world.listen(b.token)];
    const sent = await a.api.messages.send({ chatId, content: "are you there?" });

    const events = await streamA.until((es) => es.some(statusOf(b)), "b's delivery receipt");
    expect(events.find(statusOf(b))).toMatchObject({
      data: { chatId, cursors: [{ userId: b.user.id, lastDeliveredSeq: sent.seq, lastReadSeq: 0 }] },
    });
    expect(await ticks(a, chatId)).toEqual({ delivered: sent.seq, read: 0 });
    await Promise.all([streamA.stop(), streamB.stop()]);
  });

  test("my own messages never make me a recipient", async () => {
    const { a, b, chatId } = await world.directChat();
    const streamA = await world.listen(a.token);
    await sendMany(a, chatId, 1);
    await a.api.messages.list({ chatId });
    await world.flushReceipts();
    // b's typing is the marker: everything a's own activity caused has arrived before it.
    await b.api.chats.setTyping({ chatId, typing: true });
    const events = await streamA.until((es) => es.some((e) => e.type === "typing:start"));
    await streamA.stop();
    await b.api.chats.setTyping({ chatId, typing: false });
    // Neither sending, fetching nor the stream moves a cursor past someone else's message.
    expect(events.filter((e) => e.type === "message:status")).toEqual([]);
    expect(await ticks(a, chatId)).toEqual({ delivered: 0, read: 0 });
  });
});

describe("read", () => {
  test("markRead shows as read, and as delivered too, to the sender, live", async () => {
    const { a, b, chatId } = await world.directChat();
    await sendMany(a, chatId, 2);
    const streamA = await world.listen(a.token);
    expect(await b.api.messages.markRead({ chatId })).toMatchObject({ modifiedCount: 2, lastReadSeq: 2 });

    const events = await streamA.until((es) => es.some(statusOf(b)), "b's read receipt");
    await streamA.stop();
    expect(events.filter(statusOf(b))).toMatchObject([{ data: { chatId, cursors: [{ userId: b.user.id, lastReadSeq: 2, lastDeliveredSeq: 2 }] } }]);
    expect(await ticks(a, chatId)).toEqual({ delivered: 2, read: 2 });
  });

  test("cursors never move back: older pages and older marks change nothing", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await sendMany(a, chatId, 6);
    await b.api.messages.markRead({ chatId, upToMessageId: sent[3]!.id });
    expect(await cursorsOf(b, chatId)).toEqual({ delivered: 4, read: 4 });

    await b.api.messages.list({ chatId, before: sent[2]!.id });
    await world.flushReceipts();
    expect(await b.api.messages.markRead({ chatId, upToMessageId: sent[0]!.id })).toMatchObject({ modifiedCount: 0, lastReadSeq: 4 });
    expect(await cursorsOf(b, chatId)).toEqual({ delivered: 4, read: 4 });

    await b.api.messages.list({ chatId });
    await world.flushReceipts();
    expect(await cursorsOf(b, chatId)).toEqual({ delivered: 6, read: 4 });
    await b.api.messages.list({ chatId, before: sent[1]!.id });
    await world.flushReceipts();
    expect(await cursorsOf(b, chatId)).toEqual({ delivered: 6, read: 4 });
    expect(await ticks(a, chatId)).toEqual({ delivered: 6, read: 4 });
  });
});

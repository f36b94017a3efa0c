// Messages through the API: sending (idempotent by client id), history paging, one message by
// id, read receipts and unread counts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());


const unread = async (user: TestUser, chatId: string) => (await user.api.chats.info({ chatId })).unreadCount;

describe("messages.send", () => {
  test("delivers to the chat in order; the other person sees it in history", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await a.api.messages.send({ chatId, content: "hello" });
    const second = await b.api.messages.send({ chatId, content: "  spaced reply  " });
    expect(first).toMatchObject({ chatId, senderId: a.user.id, content: "hello", kind: "text", seq: 1, editedAt: null });
    expect(second).toMatchObject({ senderId: b.user.id, content: "  spaced reply  ", seq: 2 });
    const history = await b.api.messages.list({ chatId });
    expect(history.items.map((m) => m.id)).toEqual([second.id, first.id]);
  });

  test("content is 1–4000 characters", async () => {
    const { a, chatId } = await world.directChat();
    for (const content of ["", "   ", "\n\t", "x".repeat(4001)]) {
      const error = await refusal(a.api.messages.send({ chatId, content }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors).toHaveProperty("content");
    }
    const longest = await a.api.messages.send({ chatId, content: "x".repeat(4000) });
    expect(longest.content).toHaveLength(4000);
    expect((await a.api.messages.list({ chatId })).items).toHaveLength(1);
  });

  test("a retried send with the same clientId returns the original message", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await a.api.messages.send({ chatId, content: "once", clientId: "retry-1" });
    const retried = await a.api.messages.send({ chatId, content: "once", clientId: "retry-1" });
    expect(retried).toEqual(original);
    expect(original.clientId).toBe("retry-1");
    // The same client id from someone else is their own message.
    const other = await b.api.messages.send({ chatId, content: "mine", clientId: "retry-1" });
    expect(other.id).not.toBe(original.id);
    expect((await a.api.messages.list({ chatId })).items.map((m) => m.content)).toEqual(["mine", "once"]);
    expect(await unread(b, chatId)).toBe(0);
    expect(await unread(a, chatId)).toBe(1);
  });

  test("concurrent retries of one send create exactly one message", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await Promise.all(
      Array.from({ length: 6 }, () => a.api.messages.send({ chatId, content: "flaky network", clientId: "burst-1" })),
    );
    expect(new Set(sent.map((m) => m.id)).size).toBe(1);
    const history = await b.api.messages.list({ chatId });
    expect(history.items).toHaveLength(1);
    expect(await unread(b, chatId)).toBe(1);
  });

  test("reusing a clientId in another chat is a CONFLICT, not a lost message", async () => {
    const { a, chatId } = await world.directChat();
    const c = await world.signUp();
    const other = await a.api.chats.openDirect({ userId: c.user.id });
    await a.api.messages.send({ chatId, content: "here", clientId: "moved" });
    expect((await refusal(a.api.messages.send({ chatId: other.id, content: "there", clientId: "moved" }))).code).toBe(
      "CONFLICT",
    );
    expect((await c.api.messages.list({ chatId: other.id })).items).toEqual([]);

    // Also when both sends race: one is sent, the other is a CONFLICT (never a server error).
    const raced = await Promise.allSettled([
      a.api.messages.send({ chatId, content: "race here", clientId: "raced" }),
      a.api.messages.send({ chatId: other.id, content: "race there", clientId: "raced" }),
    ]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = raced.find((r) => r.status === "rejected");
    expect((await refusal(Promise.reject(lost?.reason))).code).toBe("CONFLICT");
  });

  test("concurrent sends get distinct, gap-free sequence numbers", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).api.messages.send({ chatId, content: `c${i}` })),
    );
    expect(sent.map((m) => m.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test("an outsider cannot send: NOT_FOUND, and nothing is added", async () => {
    const { a, outsider, chatId } = await world.directChat();
    const error = await refusal(outsider.api.messages.send({ chatId, content: "let me in" }));
    expect(error.code).toBe("NOT_FOUND");
    expect((await a.api.messages.list({ chatId })).items).toEqual([]);
    expect((await refusal(outsider.api.messages.send({ chatId: "no-such-chat", content: "x" }))).message).toBe(
      error.message,
    );
  });
});

describe("messages.list", () => {
  let a: TestUser;
  let b: TestUser;
  let outsider: TestUser;
  let chatId: string;
  beforeAll(async () => {
    ({ a, b, outsider, chatId } = await world.directChat());
    for (let i = 1; i <= 120; i++) await (i % 3 ? a : b).api.messages.send({ chatId, content: `m${i}` });
  });

  test("120 messages page 50 / 50 / 20, newest first, with no overlap and no gaps", async () => {
    const page1 = await b.api.messages.list({ chatId });
    const page2 = await b.api.messages.list({ chatId, before: page1.nextCursor });
    const page3 = await b.api.messages.list({ chatId, before: page2.nextCursor });
    expect([page1.items.length, page2.items.length, page3.items.length]).toEqual([50, 50, 20]);
    expect(page1.nextCursor).not.toBeNull();
    expect(page2.nextCursor).not.toBeNull();
    expect(page3.nextCursor).toBeNull();

    const all = [...page1.items, ...page2.items, ...page3.items];
    expect(all.map((m) => m.content)).toEqual(Array.from({ length: 120 }, (_, i) => `m${120 - i}`));
    expect(new Set(all.map((m) => m.id)).size).toBe(120);
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
  });

  test("`cursor` pages like every other list, and `before` still names the same page", async () => {
    const page1 = await b.api.messages.list({ chatId, limit: 40 });
    const byCursor = await b.api.messages.list({ chatId, cursor: page1.nextCursor, limit: 40 });
    const byBefore = await b.api.messages.list({ chatId, before: page1.nextCursor, limit: 40 });
    expect(byCursor.items.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => 80 - i));
    expect(byCursor).toEqual(byBefore);
  });

  test("pages stay stable while new messages arrive", async () => {
    const page1 = await a.api.messages.list({ chatId, limit: 30 });
    await b.api.messages.send({ chatId, content: "late arrival" });
    const page2 = await a.api.messages.list({ chatId, before: page1.nextCursor, limit: 30 });
    expect(page2.items[0]!.seq).toBe(page1.items[page1.items.length - 1]!.seq - 1);
    expect(page2.items.map((m) => m.id)).not.toContain(page1.items[0]!.id);
  });

  test("limit up to 100 is served; above 100 or below 1 is a BAD_REQUEST", async () => {
    expect((await a.api.messages.list({ chatId, limit: 100 })).items).toHaveLength(100);
    expect((await a.api.messages.list({ chatId, limit: 1 })).items).toHaveLength(1);
    for (const limit of [101, 0, 2.5]) {
      const error = await refusal(a.api.messages.list({ chatId, limit }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors).toHaveProperty("limit");
    }
  });

  test("an outsider cannot read the history", async () => {
    expect((await refusal(outsider.api.messages.list({ chatId }))).code).toBe("NOT_FOUND");
  });

  test("a cursor from another chat is NOT_FOUND", async () => {
    const other = await world.directChat();
    const foreign = await other.a.api.messages.send({ chatId: other.chatId, content: "elsewhere" });
    expect((await refusal(a.api.messages.list({ chatId, before: foreign.id }))).code).toBe("NOT_FOUND");
  });
});

describe("messages.byId", () => {
  test("members get the message; an outsider learns nothing, not even that it exists", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "secret plans" });
    expect(await b.api.messages.byId({ messageId: sent.id })).toEqual(sent);
    const hidden = await refusal(outsider.api.messages.byId({ messageId: sent.id }));
    const missing = await refusal(outsider.api.messages.byId({ messageId: "no-such-message" }));
    expect(hidden.code).toBe("NOT_FOUND");
    expect(hidden.message).toBe(missing.message);
    expect(JSON.stringify(hidden)).not.toContain("secret");
  });
});

describe("messages.markRead", () => {
  test("counts the newly read messages; unread counts follow; the cursor never moves back", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = [];
    for (const content of ["b1", "b2", "b3", "b4"]) sent.push(await b.api.messages.send({ chatId, content }));
    expect(await unread(a, chatId)).toBe(4);

    expect(await a.api.messages.markRead({ chatId, upToMessageId: sent[1]!.id })).toMatchObject({ modifiedCount: 2 });
    expect(await unread(a, chatId)).toBe(2);

    // Reading an older message again changes nothing.
    expect(await a.api.messages.markRead({ chatId, upToMessageId: sent[0]!.id })).toMatchObject({ modifiedCount: 0 });
    expect(await unread(a, chatId)).toBe(2);

    // Without a message id: everything up to the newest.
    expect(await a.api.messages.markRead({ chatId })).toMatchObject({ modifiedCount: 2 });
    expect(await unread(a, chatId)).toBe(0);
    expect(await a.api.messages.markRead({ chatId })).toMatchObject({ modifiedCount: 0 });

    // The sender sees that their messages were read.
    expect((await b.api.chats.info({ chatId })).peerReadSeq).toBe(sent[3]!.seq);
    expect((await b.api.chats.list()).items.find((c) => c.id === chatId)?.peerReadSeq).toBe(sent[3]!.seq);
  });

  test("counts only other people's messages", async () => {
    const { a, b, chatId } = await world.directChat();
    await b.api.messages.send({ chatId, content: "b1" });
    await a.api.messages.send({ chatId, content: "a1" }); // writing reads the chat: b1 is read
    await a.api.messages.send({ chatId, content: "a2" });
    await b.api.messages.send({ chatId, content: "b2" });
    await a.api.messages.send({ chatId, content: "a3" });
    await a.api.messages.send({ chatId, content: "a4" });

    expect(await unread(b, chatId)).toBe(2);
    expect(await b.api.messages.markRead({ chatId })).toMatchObject({ modifiedCount: 2 });
    // a's own messages after b2 never count for a, and a has nothing unread.
    expect(await unread(a, chatId)).toBe(0);
    expect(await a.api.messages.markRead({ chatId })).toMatchObject({ modifiedCount: 0 });
  });

  test("concurrent markRead calls count each message once", async () => {
    const { a, b, chatId } = await world.directChat();
    for (let i = 0; i < 5; i++) await b.api.messages.send({ chatId, content: `x${i}` });
    const results = await Promise.all([
      a.api.messages.markRead({ chatId }),
      a.api.messages.markRead({ chatId }),
      a.api.messages.markRead({ chatId }),
    ]);
    expect(results.reduce((sum, r) => sum + r.modifiedCount, 0)).toBe(5);
    expect(await unread(a, chatId)).toBe(0);
  });

  test("an outsider, or a message of another chat, is NOT_FOUND", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const sent = await b.api.messages.send({ chatId, content: "hi" });
    expect((await refusal(outsider.api.messages.markRead({ chatId }))).code).toBe("NOT_FOUND");
    expect((await refusal(outsider.api.messages.markRead({ chatId, upToMessageId: sent.id }))).code).toBe("NOT_FOUND");

    const other = await world.directChat();
    const foreign = await other.b.api.messages.send({ chatId: other.chatId, content: "elsewhere" });
    expect((await refusal(a.api.messages.markRead({ chatId, upToMessageId: foreign.id }))).code).toBe("NOT_FOUND");
    expect(await unread(a, chatId)).toBe(1);
  });
});

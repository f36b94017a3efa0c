// History paged from any message: `around` a message, then older (`cursor`) and newer
// (`after`) until the newest; hidden messages stay hidden, and strangers learn nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** A direct chat where `a` has sent `count` numbered notes: note 1 the oldest. */
async function chatWithNotes(count: number) {
  const people = await world.directChat();
  const sent = [];
  for (let i = 1; i <= count; i++) sent.push(await people.a.api.messages.send({ chatId: people.chatId, content: `note ${i}` }));
  return { ...people, sent };
}

const texts = (page: { items: { content: string }[] }) => page.items.map((m) => m.content);
const notes = (from: number, to: number) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => `note ${from > to ? from - i : from + i}`);

async function deliveredOf(user: TestUser, chatId: string) {
  await world.flushReceipts();
  return (await user.api.chats.info({ chatId })).members.find((m) => m.user.id === user.user.id)!.lastDeliveredSeq;
}

describe("around a message", () => {
  test("in the middle: half older, the message, half newer, newest first, with both cursors", async () => {
    const { b, chatId, sent } = await chatWithNotes(30);
    const page = await b.api.messages.list({ chatId, around: sent[14]!.id, limit: 10 });
    expect(texts(page)).toEqual(notes(19, 10));
    expect(page.nextCursor).toBe(sent[9]!.id);
    expect(page.prevCursor).toBe(sent[18]!.id);
  });

  test("paged both ways from the middle, every message comes exactly once, up to the newest", async () => {
    const { b, chatId, sent } = await chatWithNotes(30);
    const middle = await b.api.messages.list({ chatId, around: sent[14]!.id, limit: 10 });

    const older = await b.api.messages.list({ chatId, cursor: middle.nextCursor, limit: 10 });
    expect(texts(older)).toEqual(notes(9, 1));
    expect(older.nextCursor).toBeNull();
    // Below a cursor there is always something newer: the page it came from.
    expect(older.prevCursor).toBe(sent[8]!.id);

    const newer = await b.api.messages.list({ chatId, after: middle.prevCursor, limit: 10 });
    expect(texts(newer)).toEqual(notes(29, 20));
    expect(newer).toMatchObject({ nextCursor: sent[19]!.id, prevCursor: sent[28]!.id });
    const newest = await b.api.messages.list({ chatId, after: newer.prevCursor, limit: 10 });
    expect(texts(newest)).toEqual(["note 30"]);
    expect(newest).toMatchObject({ nextCursor: sent[29]!.id, prevCursor: null });

    const all = [...texts(newest), ...texts(newer), ...texts(middle), ...texts(older)];
    expect(all).toEqual(notes(30, 1));
  });

  test("at the oldest message: nothing older, the newer half only", async () => {
    const { b, chatId, sent } = await chatWithNotes(12);
    const page = await b.api.messages.list({ chatId, around: sent[0]!.id, limit: 10 });
    expect(texts(page)).toEqual(notes(5, 1));
    expect(page).toMatchObject({ nextCursor: null, prevCursor: sent[4]!.id });
  });

  test("at the newest message: the page reaches the newest, so no prevCursor", async () => {
    const { b, chatId, sent } = await chatWithNotes(12);
    const page = await b.api.messages.list({ chatId, around: sent[11]!.id, limit: 10 });
    expect(texts(page)).toEqual(notes(12, 7));
    expect(page).toMatchObject({ nextCursor: sent[6]!.id, prevCursor: null });
    // As the newest page itself says.
    expect((await b.api.messages.list({ chatId, limit: 10 })).prevCursor).toBeNull();
  });

  test("a page of one is the message alone", async () => {
    const { a, chatId, sent } = await chatWithNotes(3);
    const page = await a.api.messages.list({ chatId, around: sent[1]!.id, limit: 1 });
    expect(texts(page)).toEqual(["note 2"]);
    expect(page).toMatchObject({ nextCursor: sent[1]!.id, prevCursor: sent[1]!.id });
  });
});

describe("hidden and foreign messages", () => {
  test("messages I deleted for me are left out on both sides; the other person still sees them", async () => {
    const { a, b, chatId, sent } = await chatWithNotes(20);
    for (const n of [8, 9, 13, 14]) await b.api.messages.delete({ messageId: sent[n - 1]!.id, scope: "me" });

    const page = await b.api.messages.list({ chatId, around: sent[10]!.id, limit: 7 });
    expect(texts(page)).toEqual(["note 16", "note 15", "note 12", "note 11", "note 10", "note 7", "note 6"]);
    const newer = await b.api.messages.list({ chatId, after: page.prevCursor, limit: 7 });
    expect(texts(newer)).toEqual(notes(20, 17));
    expect(texts(await a.api.messages.list({ chatId, around: sent[10]!.id, limit: 7 }))).toEqual(notes(14, 8));
  });

  test("around a message I deleted for me: NOT_FOUND; as a cursor it still pages on", async () => {
    const { b, chatId, sent } = await chatWithNotes(6);
    await b.api.messages.delete({ messageId: sent[2]!.id, scope: "me" });
    expect(await refusal(b.api.messages.list({ chatId, around: sent[2]!.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Message not found",
    });
    // A page I had, then deleted its first message from: paging from it still works.
    expect(texts(await b.api.messages.list({ chatId, after: sent[2]!.id }))).toEqual(notes(6, 4));
    expect(texts(await b.api.messages.list({ chatId, cursor: sent[2]!.id }))).toEqual(notes(2, 1));
  });

  test("an anchor from another chat, even one of mine, is NOT_FOUND", async () => {
    const { a, b, chatId } = await chatWithNotes(2);
    const group = await world.group(a, [b]);
    const elsewhere = await a.api.messages.send({ chatId: group, content: "in the group" });
    for (const input of [{ around: elsewhere.id }, { after: elsewhere.id }, { cursor: elsewhere.id }]) {
      expect(await refusal(b.api.messages.list({ chatId, ...input }))).toMatchObject({ code: "NOT_FOUND", message: "Message not found" });
    }
  });

  test("an outsider learns nothing: the chat does not exist for them", async () => {
    const { outsider, chatId, sent } = await chatWithNotes(3);
    for (const input of [{ around: sent[1]!.id }, { after: sent[0]!.id }]) {
      expect(await refusal(outsider.api.messages.list({ chatId, ...input }))).toMatchObject({ code: "NOT_FOUND", message: "Chat not found" });
    }
  });

  test("two starting points at once is a BAD_REQUEST that says so", async () => {
    const { b, chatId, sent } = await chatWithNotes(3);
    for (const input of [{ around: sent[1]!.id, cursor: sent[2]!.id }, { after: sent[0]!.id, before: sent[2]!.id }, { cursor: sent[2]!.id, before: sent[2]!.id }]) {
      const refused = await refusal(b.api.messages.list({ chatId, ...input }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toMatch(/only one of cursor, before, around and after/);
    }
    // A null is no starting point (the browser's first page sends cursor: null).
    expect(texts(await b.api.messages.list({ chatId, cursor: null, around: sent[1]!.id, limit: 3 }))).toEqual(notes(3, 1));
  });
});

describe("delivery", () => {
  test("a page far back moves nothing; a page that leaves no gap moves the cursor to its newest, never back", async () => {
    const { b, chatId, sent } = await chatWithNotes(30);
    const seq = (n: number) => sent[n - 1]!.seq;

    await b.api.messages.list({ chatId, around: sent[14]!.id, limit: 10 });
    expect(await deliveredOf(b, chatId)).toBe(0);

    // From the very first message: nothing before it went undelivered.
    await b.api.messages.list({ chatId, around: sent[0]!.id, limit: 10 });
    expect(await deliveredOf(b, chatId)).toBe(seq(5));

    // Notes 10–19 with 6–9 never fetched: the cursor stays.
    await b.api.messages.list({ chatId, around: sent[14]!.id, limit: 10 });
    expect(await deliveredOf(b, chatId)).toBe(seq(5));

    // Right after what was delivered: up to the page's newest, not beyond.
    await b.api.messages.list({ chatId, after: sent[4]!.id, limit: 10 });
    expect(await deliveredOf(b, chatId)).toBe(seq(15));

    // A page that holds the newest message delivers everything, as the newest page does.
    await b.api.messages.list({ chatId, around: sent[29]!.id, limit: 4 });
    expect(await deliveredOf(b, chatId)).toBe(seq(30));

    await b.api.messages.list({ chatId, around: sent[0]!.id, limit: 10 });
    expect(await deliveredOf(b, chatId)).toBe(seq(30));
  });
});

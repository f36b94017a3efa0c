// What people do with messages beyond sending text: replies, contact cards, edit, delete for me
// or for everyone, forward, pin and report.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { messageReports, messages } from "@/server/db/schema";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const nameOf = (person: TestUser) => `${person.user.firstName} ${person.user.lastName}`;
const contents = async (person: TestUser, chatId: string) =>
  (await person.api.messages.list({ chatId })).items.map((m) => m.content);

/** Moves a message's sending time into the past, as if it had been sent `hours` ago. */
async function age(messageId: string, hours: number) {
  await world.db
    .update(messages)
    .set({ createdAt: new Date(Date.now() - hours * 3_600_000) })
    .where(eq(messages.id, messageId));
}

describe("replies", () => {
  test("a reply carries a preview of the original for both people", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await a.api.messages.send({ chatId, content: "Lunch at noon?" });
    const reply = await b.api.messages.send({ chatId, content: "Sure", replyToId: original.id });
    const preview = { id: original.id, senderId: a.user.id, senderName: nameOf(a), kind: "text", content: "Lunch at noon?", deleted: false, expired: false };
    expect(reply.replyTo).toEqual(preview);
    for (const person of [a, b]) {
      const [latest] = (await person.api.messages.list({ chatId })).items;
      expect(latest).toMatchObject({ id: reply.id, replyTo: preview });
    }
  });

  test("replying to a message of another chat, or to none, is a BAD_REQUEST and sends nothing", async () => {
    const { a, chatId } = await world.directChat();
    const c = await world.signUp();
    const other = await a.api.chats.openDirect({ userId: c.user.id });
    const elsewhere = await a.api.messages.send({ chatId: other.id, content: "in the other chat" });
    for (const replyToId of [elsewhere.id, "no-such-message"]) {
      expect((await refusal(a.api.messages.send({ chatId, content: "re", replyToId }))).code).toBe("BAD_REQUEST");
    }
    expect(await contents(a, chatId)).toEqual([]);
  });

  test("once the original is deleted for everyone, the quote says so and shows nothing of it", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await a.api.messages.send({ chatId, content: "regrettable" });
    const reply = await b.api.messages.send({ chatId, content: "what?", replyToId: original.id });
    await a.api.messages.delete({ messageId: original.id, scope: "everyone" });
    const seen = await b.api.messages.byId({ messageId: reply.id });
    expect(seen.replyTo).toMatchObject({ id: original.id, deleted: true, content: "" });
    expect(JSON.stringify(await b.api.messages.list({ chatId }))).not.toContain("regrettable");
  });
});

describe("contact cards", () => {
  test("share a person's public profile, never their private fields", async () => {
    const { a, b, chatId } = await world.directChat();
    const carol = await world.signUp({ firstName: "Carol" });
    const card = await a.api.messages.send({ chatId, kind: "contact", contactUserId: carol.user.id });
    expect(card).toMatchObject({ kind: "contact", content: "" });
    const [received] = (await b.api.messages.list({ chatId })).items;
    expect(received!.contact).toMatchObject({
      id: carol.user.id,
      username: carol.user.username,
      firstName: "Carol",
      lastName: carol.user.lastName,
    });
    expect(received!.contact).not.toHaveProperty("age");
    expect(JSON.stringify(received).toLowerCase()).not.toMatch(/password|"age"/);
  });

  test("a card needs a contact (field error), and an unknown person is NOT_FOUND", async () => {
    const { a, chatId } = await world.directChat();
    const missing = await refusal(a.api.messages.send({ chatId, kind: "contact" }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.fieldErrors).toHaveProperty("contactUserId");
    const unknown = await refusal(a.api.messages.send({ chatId, kind: "contact", contactUserId: "no-such-user" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(await contents(a, chatId)).toEqual([]);
  });
});

describe("messages.edit", () => {
  test("the author edits; the message shows as edited for both, and the other person hears it live", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "see you at 5" });
    expect(sent.editedAt).toBeNull();
    const stream = await world.listen(b.token);
    const edited = await a.api.messages.edit({ messageId: sent.id, content: "see you at 6" });
    expect(edited).toMatchObject({ id: sent.id, content: "see you at 6", seq: sent.seq });
    expect(edited.editedAt).not.toBeNull();

    expect(await b.api.messages.byId({ messageId: sent.id })).toMatchObject({ content: "see you at 6", editedAt: edited.editedAt });
    const events = await stream.until((es) => es.some((e) => e.type === "message:updated"));
    expect(events.find((e) => e.type === "message:updated")).toMatchObject({
      data: { chatId, message: { id: sent.id, content: "see you at 6", editedAt: edited.editedAt } },
    });
    await stream.stop();
  });

  test("someone else's message, or one older than the edit window, is FORBIDDEN", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "original" });
    expect((await refusal(b.api.messages.edit({ messageId: sent.id, content: "forged" }))).code).toBe("FORBIDDEN");

    await age(sent.id, 49);
    const stale = await a.api.messages.byId({ messageId: sent.id });
    expect(Date.parse(stale.editableUntil!)).toBeLessThan(Date.now());
    expect((await refusal(a.api.messages.edit({ messageId: sent.id, content: "too late" }))).code).toBe("FORBIDDEN");
    expect(await b.api.messages.byId({ messageId: sent.id })).toMatchObject({ content: "original", editedAt: null });
  });

  test("still editable just inside the window", async () => {
    const { a, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "old but fine" });
    await age(sent.id, 47);
    expect((await a.api.messages.edit({ messageId: sent.id, content: "edited" })).content).toBe("edited");
  });

  test("empty content is a BAD_REQUEST with a field error", async () => {
    const { a, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "keep me" });
    const error = await refusal(a.api.messages.edit({ messageId: sent.id, content: "  " }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toHaveProperty("content");
    expect((await a.api.messages.byId({ messageId: sent.id })).content).toBe("keep me");
  });
});

describe("messages.delete", () => {
  test("for me: gone from my history, my chat list and by id, intact for the other person", async () => {
    const { a, b, chatId } = await world.directChat();
    await a.api.messages.send({ chatId, content: "stays" });
    const sent = await b.api.messages.send({ chatId, content: "hide me" });
    expect(await a.api.messages.delete({ messageId: sent.id, scope: "me" })).toMatchObject({ scope: "me" });

    expect(await contents(a, chatId)).toEqual(["stays"]);
    expect((await refusal(a.api.messages.byId({ messageId: sent.id }))).code).toBe("NOT_FOUND");
    expect((await a.api.chats.info({ chatId })).lastMessage?.content).toBe("stays");
    expect((await a.api.chats.list()).items.find((c) => c.id === chatId)?.lastMessage?.content).toBe("stays");

    expect(await contents(b, chatId)).toEqual(["hide me", "stays"]);
    expect(await b.api.messages.byId({ messageId: sent.id })).toMatchObject({ content: "hide me", deletedAt: null });
    expect((await b.api.chats.info({ chatId })).lastMessage?.content).toBe("hide me");
  });

  test("for everyone: a tombstone for both people, reactions and pin gone, announced live", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "oops, wrong chat" });
    await b.api.reactions.add({ messageId: sent.id, emoji: "😂" });
    await b.api.messages.pin({ messageId: sent.id, pinned: true });
    const stream = await world.listen(b.token);

    const result = await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });
    expect(result).toMatchObject({ messageId: sent.id, scope: "everyone" });
    for (const person of [a, b]) {
      const tombstone = await person.api.messages.byId({ messageId: sent.id });
      expect(tombstone).toMatchObject({ content: "", reactions: [], pinnedAt: null, deletedAt: result.deletedAt });
    }
    expect(await b.api.messages.pinned({ chatId })).toEqual([]);
    const events = await stream.until((es) => es.some((e) => e.type === "message:deleted"));
    expect(events.find((e) => e.type === "message:deleted")).toMatchObject({
      data: { chatId, messageId: sent.id, scope: "everyone", deletedAt: result.deletedAt },
    });
    await stream.stop();
  });

  test("a contact card deleted for everyone no longer shows the contact", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const card = await a.api.messages.send({ chatId, kind: "contact", contactUserId: outsider.user.id });
    await a.api.messages.delete({ messageId: card.id, scope: "everyone" });
    expect(await b.api.messages.byId({ messageId: card.id })).toMatchObject({ contact: null, content: "" });
  });

  test("in a direct chat only the author deletes for everyone; a Relay admin may too", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "mine" });
    expect((await refusal(b.api.messages.delete({ messageId: sent.id, scope: "everyone" }))).code).toBe("FORBIDDEN");
    expect(await a.api.messages.byId({ messageId: sent.id })).toMatchObject({ content: "mine", deletedAt: null });

    const moderator = await world.makeAdmin(b);
    await moderator.api.messages.delete({ messageId: sent.id, scope: "everyone" });
    expect(await a.api.messages.byId({ messageId: sent.id })).toMatchObject({ content: "" });
    expect((await a.api.messages.byId({ messageId: sent.id })).deletedAt).not.toBeNull();
  });
});

describe("messages.forward", () => {
  test("copies appear in each target chat, naming the original author; a forward of a forward keeps them", async () => {
    const { a, b, chatId } = await world.directChat();
    const [c, d] = [await world.signUp(), await world.signUp()];
    const withC = (await a.api.chats.openDirect({ userId: c.user.id })).id;
    const withD = (await a.api.chats.openDirect({ userId: d.user.id })).id;
    const source = await b.api.messages.send({ chatId, content: "worth sharing" });

    const copies = await a.api.messages.forward({ messageId: source.id, toChatIds: [withC, withD] });
    expect(copies.map((m) => m.chatId)).toEqual([withC, withD]);
    const forwardedFrom = { userId: b.user.id, name: nameOf(b) };
    for (const [person, target] of [[c, withC], [d, withD]] as const) {
      const [copy] = (await person.api.messages.list({ chatId: target })).items;
      expect(copy).toMatchObject({ content: "worth sharing", senderId: a.user.id, forwardedFrom });
    }

    // c passes it on to a chat of their own: still "forwarded from" b.
    const cWithD = (await c.api.chats.openDirect({ userId: d.user.id })).id;
    const [again] = await c.api.messages.forward({ messageId: copies[0]!.id, toChatIds: [cWithD] });
    expect(again).toMatchObject({ senderId: c.user.id, forwardedFrom });
    expect((await d.api.messages.byId({ messageId: again!.id })).forwardedFrom).toEqual(forwardedFrom);
  });

  test("a target chat I am not in is NOT_FOUND, and nothing is sent anywhere", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const theirs = (await outsider.api.chats.openDirect({ userId: b.user.id })).id;
    const mine = (await a.api.chats.openDirect({ userId: (await world.signUp()).user.id })).id;
    const source = await a.api.messages.send({ chatId, content: "not for strangers" });

    const error = await refusal(a.api.messages.forward({ messageId: source.id, toChatIds: [mine, theirs] }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await contents(a, mine)).toEqual([]);
    expect(await contents(b, theirs)).toEqual([]);
  });

  test("a message deleted for everyone cannot be forwarded", async () => {
    const { a, b, chatId } = await world.directChat();
    const target = (await a.api.chats.openDirect({ userId: (await world.signUp()).user.id })).id;
    const source = await b.api.messages.send({ chatId, content: "gone" });
    await b.api.messages.delete({ messageId: source.id, scope: "everyone" });
    expect((await refusal(a.api.messages.forward({ messageId: source.id, toChatIds: [target] }))).code).toBe("BAD_REQUEST");
    expect(await contents(a, target)).toEqual([]);
  });
});

describe("messages.pin and messages.pinned", () => {
  test("pinned messages are listed newest pin first; pinning posts a service line; unpinning removes it from the list", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await a.api.messages.send({ chatId, content: "address: 1 Main St" });
    const second = await b.api.messages.send({ chatId, content: "door code 4321" });

    const pinned = await a.api.messages.pin({ messageId: first.id, pinned: true });
    expect(pinned.pinnedAt).not.toBeNull();
    await b.api.messages.pin({ messageId: second.id, pinned: true });
    expect((await b.api.messages.pinned({ chatId })).map((m) => m.id)).toEqual([second.id, first.id]);

    const history = (await b.api.messages.list({ chatId })).items;
    const notices = history.filter((m) => m.kind === "system");
    expect(notices.map((m) => [m.content, m.replyTo?.id])).toEqual([
      [`${nameOf(b)} pinned a message`, second.id],
      [`${nameOf(a)} pinned a message`, first.id],
    ]);

    await a.api.messages.pin({ messageId: second.id, pinned: false });
    expect((await a.api.messages.pinned({ chatId })).map((m) => m.id)).toEqual([first.id]);
    expect((await b.api.messages.byId({ messageId: second.id })).pinnedAt).toBeNull();
    // Unpinning posts no notice.
    expect((await b.api.messages.list({ chatId })).items.filter((m) => m.kind === "system")).toHaveLength(2);
  });

  test("an outsider can neither pin nor see the pinned list", async () => {
    const { a, outsider, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "pin me" });
    expect((await refusal(outsider.api.messages.pin({ messageId: sent.id, pinned: true }))).code).toBe("NOT_FOUND");
    expect((await refusal(outsider.api.messages.pinned({ chatId }))).code).toBe("NOT_FOUND");
    expect(await a.api.messages.pinned({ chatId })).toEqual([]);
  });
});

describe("messages.report", () => {
  test("a report is stored for moderators, once per person per message", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "buy followers cheap" });
    const receipt = await b.api.messages.report({ messageId: sent.id, reason: "spam" });
    expect(receipt).toMatchObject({ messageId: sent.id, reason: "spam" });
    const stored = await world.db.select().from(messageReports).where(eq(messageReports.messageId, sent.id));
    expect(stored).toMatchObject([{ id: receipt.id, reporterId: b.user.id, reason: "spam", status: "open" }]);

    expect((await refusal(b.api.messages.report({ messageId: sent.id, reason: "still spam" }))).code).toBe("CONFLICT");
    expect(await world.db.select().from(messageReports).where(eq(messageReports.messageId, sent.id))).toHaveLength(1);
  });

  test("my own message cannot be reported; the reason is 1–500 characters", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "hello" });
    expect((await refusal(a.api.messages.report({ messageId: sent.id, reason: "me" }))).code).toBe("BAD_REQUEST");
    for (const reason of ["", "x".repeat(501)]) {
      const error = await refusal(b.api.messages.report({ messageId: sent.id, reason }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors).toHaveProperty("reason");
    }
    expect(await b.api.messages.report({ messageId: sent.id, reason: "x".repeat(500) })).toMatchObject({ messageId: sent.id });
  });
});

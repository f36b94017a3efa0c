// Replaying the event log from the start tells no more than history does: text and files of a
// message deleted for everyone, earlier versions of an edit, and messages hidden "for me" stay
// gone, whoever replays and whenever they joined; the tombstones and updates still arrive.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { brief, createTestWorld, type ReceivedEvent, type TestUser, type TestWorld } from "@/server/testing/harness";
import type { MessageView } from "@/server/services/dto";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/**
 * Everything `person` gets from `events.stream` with lastEventId "0", up to a marker message
 * sent last into `chatId` (the log replays in order, so all before it has arrived).
 */
async function replayFromStart(person: TestUser, chatId: string, markerSender: TestUser): Promise<ReceivedEvent[]> {
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  await markerSender.api.messages.send({ chatId, content: marker });
  const stream = await world.listen(person.token, { lastEventId: "0" });
  const events = await stream.until(
    (es) => es.some((e) => e.type === "message:new" && e.data.message.content === marker),
    "the marker",
  );
  await stream.stop();
  return events.filter((e) => "chatId" in e.data && e.data.chatId === chatId);
}

const history = async (person: TestUser, chatId: string) => (await person.api.messages.list({ chatId, limit: 100 })).items;

/** What of a message history and the replay must agree on. */
const shown = (m: Omit<MessageView, "reactions" | "poll">) => ({
  senderId: m.senderId,
  content: m.content,
  attachments: m.attachments.map((f) => f.id),
  contact: m.contact?.id ?? null,
  sticker: m.sticker,
  replyTo: m.replyTo,
  pinnedAt: m.pinnedAt,
  editedAt: m.editedAt,
  editableUntil: m.editableUntil,
  deletedAt: m.deletedAt,
});

/** Every message a replayed event carries is in history, shown as history shows it. */
function expectAsHistory(replayed: ReceivedEvent[], items: MessageView[]) {
  const byId = new Map(items.map((m) => [m.id, m]));
  for (const event of replayed) {
    if (event.type !== "message:new" && event.type !== "message:updated") continue;
    const inHistory = byId.get(event.data.message.id);
    expect(inHistory, `replayed ${brief(event)}, which history does not show`).toBeDefined();
    expect(shown(event.data.message), brief(event)).toEqual(shown(inHistory!));
  }
}

const kinds = (replayed: ReceivedEvent[], messageId: string) =>
  replayed
    .filter((e) => ("messageId" in e.data && e.data.messageId === messageId) || ("message" in e.data && e.data.message.id === messageId))
    .map((e) => (e.type === "message:deleted" ? `deleted:${e.data.scope}` : e.type));

describe("deleted for everyone", () => {
  test("by its author: the replay carries the tombstone, not the text, to both members", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "my bank PIN is 4821" });
    await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });

    for (const person of [a, b]) {
      const replayed = await replayFromStart(person, chatId, a);
      expect(JSON.stringify(replayed)).not.toContain("4821");
      expect(kinds(replayed, sent.id)).toEqual(["message:new", "deleted:everyone"]);
      expectAsHistory(replayed, await history(person, chatId));
    }
  });

  test("by a Relay admin, directly or resolving a report: the text is gone from the replay", async () => {
    const { a, b, chatId } = await world.directChat();
    const admin = await world.makeAdmin(await world.signUp());
    const direct = await a.api.messages.send({ chatId, content: "abusive line one" });
    const reported = await a.api.messages.send({ chatId, content: "abusive line two" });
    await admin.api.admin.deleteMessage({ messageId: direct.id, reason: "Abuse" });
    const report = await b.api.messages.report({ messageId: reported.id, reason: "Abuse" });
    await admin.api.admin.resolveReport({ reportId: report.id, action: "delete" });

    const replayed = await replayFromStart(b, chatId, b);
    expect(JSON.stringify(replayed)).not.toMatch(/abusive line/);
    expect(kinds(replayed, direct.id)).toEqual(["message:new", "deleted:everyone"]);
    expect(kinds(replayed, reported.id)).toEqual(["message:new", "deleted:everyone"]);
    expectAsHistory(replayed, await history(b, chatId));
  });

  test("a member added after the deletion replays the chat without the text", async () => {
    const [owner, member, joiner] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [member]);
    const sent = await member.api.messages.send({ chatId, content: "the door code is 7719" });
    await member.api.messages.delete({ messageId: sent.id, scope: "everyone" });
    await owner.api.chats.addMembers({ chatId, userIds: [joiner.user.id] });

    const replayed = await replayFromStart(joiner, chatId, owner);
    expect(JSON.stringify(replayed)).not.toContain("7719");
    expect(kinds(replayed, sent.id)).toEqual(["message:new", "deleted:everyone"]);
    expectAsHistory(replayed, await history(joiner, chatId));
  });
});

describe("edited", () => {
  test("the replay shows only the latest text, and every update still arrives", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "meet at the old mill" });
    await a.api.messages.edit({ messageId: sent.id, content: "meet at the harbour" });
    await a.api.messages.edit({ messageId: sent.id, content: "meet at noon" });

    const replayed = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(replayed)).not.toMatch(/old mill|harbour/);
    expect(kinds(replayed, sent.id)).toEqual(["message:new", "message:updated", "message:updated"]);
    expectAsHistory(replayed, await history(b, chatId));
  });

  test("edited, then deleted: neither version comes back", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "first version" });
    await a.api.messages.edit({ messageId: sent.id, content: "second version" });
    await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });

    const replayed = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(replayed)).not.toMatch(/first version|second version/);
    expect(kinds(replayed, sent.id)).toEqual(["message:new", "message:updated", "deleted:everyone"]);
    expectAsHistory(replayed, await history(b, chatId));
  });
});

describe("deleted for me", () => {
  test("the one who hid it does not get it back; the other member still does", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "embarrassing photo caption" });
    await a.api.messages.edit({ messageId: sent.id, content: "embarrassing, edited" });
    await b.api.messages.delete({ messageId: sent.id, scope: "me" });

    const forB = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(forB)).not.toContain("embarrassing");
    expect(kinds(forB, sent.id)).toEqual(["deleted:me"]);
    expectAsHistory(forB, await history(b, chatId));

    const forA = await replayFromStart(a, chatId, a);
    expect(kinds(forA, sent.id)).toEqual(["message:new", "message:updated"]);
    expectAsHistory(forA, await history(a, chatId));
  });
});

describe("what a message quotes or carries", () => {
  test("a reply to a since-deleted message quotes it as deleted, as history does", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await a.api.messages.send({ chatId, content: "the password is hunter2" });
    const edited = await a.api.messages.send({ chatId, content: "see you at five" });
    await b.api.messages.send({ chatId, content: "got it", replyToId: original.id });
    await b.api.messages.send({ chatId, content: "ok", replyToId: edited.id });
    await a.api.messages.delete({ messageId: original.id, scope: "everyone" });
    await a.api.messages.edit({ messageId: edited.id, content: "see you at six" });

    const replayed = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(replayed)).not.toMatch(/hunter2|at five/);
    const quotes = replayed.flatMap((e) => (e.type === "message:new" && e.data.message.replyTo ? [e.data.message.replyTo] : []));
    expect(quotes).toEqual([
      expect.objectContaining({ id: original.id, deleted: true, content: "" }),
      expect.objectContaining({ id: edited.id, deleted: false, content: "see you at six" }),
    ]);
    expectAsHistory(replayed, await history(b, chatId));
  });

  test("a deleted message's files and caption are not replayed; an edited caption keeps its files", async () => {
    const { a, b, chatId } = await world.directChat();
    const photo = await world.fileOf(a, { kind: "image", name: "passport-scan.png" });
    const kept = await world.fileOf(a, { kind: "document", name: "agenda.pdf" });
    const gone = await a.api.messages.send({ chatId, attachments: [photo.id], content: "my passport" });
    const recaptioned = await a.api.messages.send({ chatId, attachments: [kept.id], content: "draft agenda" });
    await a.api.messages.edit({ messageId: gone.id, content: "my passport, cropped" });
    await a.api.messages.delete({ messageId: gone.id, scope: "everyone" });
    await a.api.messages.edit({ messageId: recaptioned.id, content: "final agenda" });

    const replayed = await replayFromStart(b, chatId, a);
    const text = JSON.stringify(replayed);
    expect(text).not.toContain(photo.id);
    expect(text).not.toMatch(/passport|draft agenda/);
    const carried = replayed.flatMap((e) => (e.type === "message:new" && e.data.message.id === recaptioned.id ? [e.data.message] : []));
    expect(carried.map((m) => [m.content, m.attachments.map((f) => f.id)])).toEqual([["final agenda", [kept.id]]]);
    expectAsHistory(replayed, await history(b, chatId));
  });

  test("a pinned message deleted later: neither the pin's update nor the pin line quotes its text", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await a.api.messages.send({ chatId, content: "wifi key: swordfish" });
    await a.api.messages.pin({ messageId: sent.id, pinned: true });
    await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });

    const replayed = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(replayed)).not.toContain("swordfish");
    expect(kinds(replayed, sent.id)).toEqual(["message:new", "message:updated", "deleted:everyone"]);
    expectAsHistory(replayed, await history(b, chatId));
  });

  test("a forwarded copy keeps its text after the original is deleted, as history does", async () => {
    const { a, b, chatId } = await world.directChat();
    const other = await a.api.chats.openDirect({ userId: (await world.signUp()).user.id });
    const sent = await a.api.messages.send({ chatId, content: "worth sharing" });
    const [copy] = await a.api.messages.forward({ messageId: sent.id, toChatIds: [other.id] });
    await a.api.messages.delete({ messageId: sent.id, scope: "everyone" });

    const inOriginalChat = await replayFromStart(b, chatId, a);
    expect(JSON.stringify(inOriginalChat)).not.toContain("worth sharing");
    expectAsHistory(inOriginalChat, await history(b, chatId));

    const inOtherChat = await replayFromStart(a, other.id, a);
    const copies = inOtherChat.filter((e) => e.type === "message:new" && e.data.message.id === copy!.id);
    expect(copies.map(brief)).toEqual(["new:worth sharing"]);
    expectAsHistory(inOtherChat, await history(a, other.id));
  });
});

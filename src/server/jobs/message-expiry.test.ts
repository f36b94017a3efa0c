// The expiry job: once a disappearing message's time has come nothing of it is left, in any
// table, in the log or in storage (a file another message still carries stays); replies quote
// it as expired; every member hears it go; instances racing delete and announce it once.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf } from "@/server/db/rows";
import { chats, events, files, hiddenMessages, messageAttachments, messageReports, messages, reactions } from "@/server/db/schema";
import { deleteExpiredMessages, startMessageExpiry } from "@/server/jobs/message-expiry";
import { sendDueScheduled } from "@/server/jobs/scheduled-sender";
import { createStorages, type Storages } from "@/server/storage";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
let dataDir: string;
let storages: Storages;
beforeAll(async () => {
  world = await createTestWorld();
  dataDir = await mkdtemp(path.join(tmpdir(), "relay-expiry-"));
  storages = createStorages({ dataDir });
});
afterAll(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

const deps = () => ({ ...world.deps, storages });
/** Runs the job as if it were `seconds` from now. */
const expireAfter = (seconds: number) => deleteExpiredMessages(deps(), () => new Date(Date.now() + seconds * 1000));

/** A file with real bytes in the test storage, uploaded by `person`. */
async function storedFile(person: TestUser, name: string) {
  const storageKey = await storages.local.put(Readable.from([Buffer.from(`the bytes of ${name}`)]));
  return world.fileOf(person, { kind: "document", name, storageKey });
}

async function storedKeys(): Promise<string[]> {
  const root = path.join(dataDir, "files");
  const folders = await readdir(root).catch(() => [] as string[]);
  const nested = await Promise.all(folders.map((folder) => readdir(path.join(root, folder))));
  return nested.flat();
}

/** Every logged event that mentions `text` anywhere in its payload. */
async function eventsMentioning(text: string) {
  const rows = await world.db.select({ id: events.id, type: events.type, data: events.data }).from(events);
  return rows.filter((row) => JSON.stringify(row.data).includes(text));
}

describe("the message expiry job", () => {
  test("leaves nothing of an expired message: rows, log, reactions, reports, hides, files and bytes", async () => {
    const { a, b, chatId } = await world.directChat();
    await a.api.chats.setDisappearing({ chatId, seconds: 30 });
    const kept = await a.api.messages.send({ chatId, content: "not on a timer", expiresInSec: 3600 });
    const file = await storedFile(a, "secret-plan.pdf");
    const sent = await a.api.messages.send({ chatId, attachments: [file.id], content: "the secret plan" });
    await a.api.messages.edit({ messageId: sent.id, content: "the secret plan, edited" });
    await b.api.reactions.add({ messageId: sent.id, emoji: "👍" });
    await b.api.messages.report({ messageId: sent.id, reason: "spoilers" });
    await b.api.messages.delete({ messageId: sent.id, scope: "me" });
    await b.api.messages.markRead({ chatId });
    expect(await eventsMentioning("the secret plan")).not.toEqual([]);
    expect(await storedKeys()).toContain(file.storageKey);

    expect(await expireAfter(10)).toBe(0);
    expect(await expireAfter(31)).toBe(1);

    expect(await world.db.select().from(messages).where(eq(messages.id, sent.id))).toEqual([]);
    expect(await world.db.select().from(reactions).where(eq(reactions.messageId, sent.id))).toEqual([]);
    expect(await world.db.select().from(messageReports).where(eq(messageReports.messageId, sent.id))).toEqual([]);
    expect(await world.db.select().from(hiddenMessages).where(eq(hiddenMessages.messageId, sent.id))).toEqual([]);
    expect(await world.db.select().from(messageAttachments).where(eq(messageAttachments.messageId, sent.id))).toEqual([]);
    expect(await world.db.select().from(files).where(eq(files.id, file.id))).toEqual([]);
    expect(await eventsMentioning("the secret plan")).toEqual([]);
    expect(await storedKeys()).not.toContain(file.storageKey);
    // Nothing in any table still names it (read marks are cursors over seqs, not rows per message).
    const anywhere = rowsOf<{ n: number }>(
      await world.db.execute(sql`SELECT count(*)::int AS n FROM messages WHERE content LIKE '%secret plan%' OR id = ${sent.id}`),
    );
    expect(anywhere[0]!.n).toBe(0);

    const history = (await a.api.messages.list({ chatId })).items.map((m) => m.id);
    expect(history).toContain(kept.id);
    expect(history).not.toContain(sent.id);
    // The chat list's preview falls back to what is left.
    const summary = (await b.api.chats.list()).items.find((c) => c.id === chatId);
    expect(summary?.lastMessage?.id).toBe(kept.id);
    const [chat] = await world.db.select({ lastMessageId: chats.lastMessageId }).from(chats).where(eq(chats.id, chatId));
    expect(chat!.lastMessageId).toBe(kept.id);
  });

  test("a file another message still carries stays, with its bytes", async () => {
    const { a, chatId } = await world.directChat();
    const file = await storedFile(a, "shared.pdf");
    const lasting = await a.api.messages.send({ chatId, attachments: [file.id], content: "for keeps" });
    await a.api.messages.send({ chatId, attachments: [file.id], content: "for now", expiresInSec: 5 });
    expect(await expireAfter(6)).toBe(1);
    expect(await world.db.select({ id: files.id }).from(files).where(eq(files.id, file.id))).toEqual([{ id: file.id }]);
    expect(await storedKeys()).toContain(file.storageKey);
    const [message] = (await a.api.messages.list({ chatId })).items;
    expect(message).toMatchObject({ id: lasting.id, attachments: [{ id: file.id }] });
  });

  test("replies quote the original as expired, in history and in a replay of the log", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await a.api.messages.send({ chatId, content: "meet at the old mill", expiresInSec: 5 });
    const reply = await b.api.messages.send({ chatId, content: "see you there", replyToId: original.id });
    expect(reply.replyTo).toMatchObject({ content: "meet at the old mill", expired: false });
    await expireAfter(6);

    const expired = { id: original.id, senderId: null, senderName: null, kind: "text", content: "", deleted: true, expired: true };
    expect((await b.api.messages.byId({ messageId: reply.id })).replyTo).toEqual(expired);
    expect((await a.api.messages.list({ chatId })).items[0]?.replyTo).toEqual(expired);
    expect(await eventsMentioning("old mill")).toEqual([]);
    const replay = await world.listen(a.token, { lastEventId: "0" });
    const replayed = await replay.until((es) => es.some((e) => e.type === "message:new" && e.data.message.id === reply.id));
    await replay.stop();
    const replayedReply = replayed.find((e) => e.type === "message:new" && e.data.message.id === reply.id);
    expect(replayedReply?.type === "message:new" && replayedReply.data.message.replyTo).toEqual(expired);
    expect(replayed.some((e) => e.type === "message:new" && e.data.message.id === original.id)).toBe(false);
  });

  test("every member hears it go live, and the running job deletes it on its own", async () => {
    const [owner, member] = [await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [member]);
    const sent = await owner.api.messages.send({ chatId, content: "brief", expiresInSec: 5 });
    // As if sent a while ago: its time has come.
    await world.db.update(messages).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(messages.id, sent.id));
    const streams = [await world.listen(owner.token), await world.listen(member.token)];
    const job = startMessageExpiry(deps(), { tickMs: 50 });
    try {
      for (const stream of streams) {
        const seen = await stream.until((es) => es.some((e) => e.type === "message:deleted"));
        expect(seen.find((e) => e.type === "message:deleted")?.data).toMatchObject({
          chatId,
          messageId: sent.id,
          scope: "everyone",
          expired: true,
        });
        await stream.stop();
      }
    } finally {
      await job.stop();
    }
    expect((await member.api.messages.list({ chatId })).items.map((m) => m.id)).not.toContain(sent.id);
  });

  test("jobs racing on several instances delete each message once and announce it once", async () => {
    const { a, b, chatId } = await world.directChat();
    const sent = await Promise.all(Array.from({ length: 5 }, (_, i) => a.api.messages.send({ chatId, content: `race ${i}`, expiresInSec: 5 })));
    const stream = await world.listen(b.token);
    const counts = await Promise.all([expireAfter(6), expireAfter(6), expireAfter(6)]);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(5);
    await a.api.messages.send({ chatId, content: "after the race" });
    const seen = await stream.until((es) => es.some((e) => e.type === "message:new"));
    await stream.stop();
    const announced = seen.flatMap((e) => (e.type === "message:deleted" ? [e.data.messageId] : []));
    expect(announced.sort()).toEqual(sent.map((m) => m.id).sort());
    expect(await world.db.select().from(messages).where(inArray(messages.id, sent.map((m) => m.id)))).toEqual([]);
  });

  test("a scheduled message sent into a chat with a timer expires like any other", async () => {
    const { a, chatId } = await world.directChat();
    await a.api.chats.setDisappearing({ chatId, seconds: 300 });
    const dueAt = new Date(Date.now() + 3_600_000);
    await a.api.messages.send({ chatId, content: "later, briefly", scheduledFor: dueAt, expiresInSec: 60 });
    await sendDueScheduled(world.deps, () => new Date(dueAt.getTime() + 1000));
    const [sent] = (await a.api.messages.list({ chatId })).items;
    expect(sent?.content).toBe("later, briefly");
    expect((Date.parse(sent!.expiresAt!) - Date.parse(sent!.createdAt)) / 1000).toBe(60);
  });
});

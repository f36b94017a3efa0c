// Across the whole API: anonymous callers are refused everywhere but sign-up and sign-in, and
// no response ever carries a password hash, a password or someone else's token.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appRouter, type createCaller } from "@/server/api/root";
import { generateDeviceKeys, newPrekey, publicBundle, publishPrekey, type PublishedKeys, type PublishedPrekey, type SecureEnvelope } from "@/lib/secure";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";
import { newDevice, seal } from "@/server/testing/secure-devices";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

type Caller = ReturnType<typeof createCaller>;

const PUBLIC = ["auth.register", "auth.login"];

type Ids = {
  userId: string;
  chatId: string;
  messageId: string;
  reactionId: string;
  fileId: string;
  callId: string;
  reportId: string;
  secure: SecureIds;
};

/** What the secure procedures take: a's registered device, a message it sealed, fresh keys. */
type SecureIds = { deviceId: string; envelope: SecureEnvelope; prekey: PublishedPrekey; unregistered: PublishedKeys };

async function secureIds(a: TestUser, b: TestUser, chatId: string): Promise<SecureIds> {
  await newDevice(b);
  const laptop = await newDevice(a);
  return {
    deviceId: laptop.device.id,
    envelope: await seal(laptop, chatId, "private secure plans"),
    prekey: await publishPrekey(laptop.keys.identity, await newPrekey(laptop.keys.identity, 2)),
    unregistered: await publicBundle(await generateDeviceKeys()),
  };
}

/** Every protected procedure, called with well-formed input. */
function protectedCalls(ids: Ids): Record<string, (api: Caller) => Promise<unknown>> {
  return {
    "auth.me": (api) => api.auth.me(),
    "auth.logout": (api) => api.auth.logout(),
    "auth.sessions": (api) => api.auth.sessions(),
    "auth.revokeSession": (api) => api.auth.revokeSession({ sessionId: "a-session" }),
    "auth.revokeOtherSessions": (api) => api.auth.revokeOtherSessions(),
    "users.byId": (api) => api.users.byId({ userId: ids.userId }),
    "users.updateMe": (api) => api.users.updateMe({ firstName: "Mallory" }),
    "users.search": (api) => api.users.search({ q: "a" }),
    "chats.list": (api) => api.chats.list(),
    "chats.openDirect": (api) => api.chats.openDirect({ userId: ids.userId }),
    "chats.info": (api) => api.chats.info({ chatId: ids.chatId }),
    "chats.setTyping": (api) => api.chats.setTyping({ chatId: ids.chatId, typing: true }),
    "chats.createGroup": (api) => api.chats.createGroup({ title: "Crew", memberIds: [ids.userId] }),
    "chats.openSupport": (api) => api.chats.openSupport({ subject: "Help" }),
    "chats.openContext": (api) => api.chats.openContext({ contextType: "listing", contextId: "7", memberIds: [ids.userId] }),
    "chats.update": (api) => api.chats.update({ chatId: ids.chatId, title: "Taken over" }),
    "chats.archive": (api) => api.chats.archive({ chatId: ids.chatId, archived: true }),
    "chats.addMembers": (api) => api.chats.addMembers({ chatId: ids.chatId, userIds: [ids.userId] }),
    "chats.removeMember": (api) => api.chats.removeMember({ chatId: ids.chatId, userId: ids.userId }),
    "chats.setMemberRole": (api) => api.chats.setMemberRole({ chatId: ids.chatId, userId: ids.userId, role: "admin" }),
    "chats.leave": (api) => api.chats.leave({ chatId: ids.chatId }),
    "chats.delete": (api) => api.chats.delete({ chatId: ids.chatId }),
    "chats.stats": (api) => api.chats.stats(),
    "chats.files": (api) => api.chats.files({ chatId: ids.chatId, kind: "media" }),
    "chats.setDisappearing": (api) => api.chats.setDisappearing({ chatId: ids.chatId, seconds: 30 }),
    "chats.setSecureDefault": (api) => api.chats.setSecureDefault({ chatId: ids.chatId, secure: true }),
    "keys.registerDevice": (api) => api.keys.registerDevice({ name: "Mallory's laptop", ...ids.secure.unregistered }),
    "keys.rotatePrekey": (api) => api.keys.rotatePrekey({ deviceId: ids.secure.deviceId, prekey: ids.secure.prekey }),
    "keys.devices": (api) => api.keys.devices(),
    "keys.revoke": (api) => api.keys.revoke({ deviceId: ids.secure.deviceId }),
    "keys.bundles": (api) => api.keys.bundles({ chatId: ids.chatId }),
    "push.publicKey": (api) => api.push.publicKey(),
    "push.subscribe": (api) => api.push.subscribe({ endpoint: "https://push.example.com/send/1", keys: { p256dh: "B".repeat(87), auth: "a".repeat(22) } }),
    "push.unsubscribe": (api) => api.push.unsubscribe({ endpoint: "https://push.example.com/send/1" }),
    "polls.create": (api) => api.polls.create({ chatId: ids.chatId, question: "Lunch?", options: ["Yes", "No"] }),
    // Polls of the chat are refused to outsiders in polls.test.ts; here none exists.
    "polls.vote": (api) => api.polls.vote({ pollId: "a-poll", optionIds: ["an-option"] }),
    "polls.close": (api) => api.polls.close({ pollId: "a-poll" }),
    "polls.voters": (api) => api.polls.voters({ pollId: "a-poll", optionId: "an-option" }),
    "files.byId": (api) => api.files.byId({ fileId: ids.fileId }),
    "files.extractMetadata": (api) => api.files.extractMetadata({ fileId: ids.fileId }),
    "music.all": (api) => api.music.all(),
    "messages.receipts": (api) => api.messages.receipts({ messageId: ids.messageId }),
    "messages.list": (api) => api.messages.list({ chatId: ids.chatId }),
    "messages.send": (api) => api.messages.send({ chatId: ids.chatId, content: "sneaky" }),
    "messages.sendSecure": (api) => api.messages.sendSecure({ chatId: ids.chatId, clientId: "sneaky-secure", envelope: ids.secure.envelope }),
    "messages.byId": (api) => api.messages.byId({ messageId: ids.messageId }),
    "messages.markRead": (api) => api.messages.markRead({ chatId: ids.chatId }),
    "messages.edit": (api) => api.messages.edit({ messageId: ids.messageId, content: "rewritten" }),
    "messages.delete": (api) => api.messages.delete({ messageId: ids.messageId, scope: "everyone" }),
    "messages.forward": (api) => api.messages.forward({ messageId: ids.messageId, toChatIds: [ids.chatId] }),
    "messages.pin": (api) => api.messages.pin({ messageId: ids.messageId, pinned: true }),
    "messages.pinned": (api) => api.messages.pinned({ chatId: ids.chatId }),
    "messages.report": (api) => api.messages.report({ messageId: ids.messageId, reason: "spam" }),
    "messages.search": (api) => api.messages.search({ q: "private", chatId: ids.chatId }),
    "messages.scheduled": (api) => api.messages.scheduled({ chatId: ids.chatId }),
    // Someone else's scheduled messages are refused in scheduled.test.ts; here none exists.
    "messages.editScheduled": (api) => api.messages.editScheduled({ id: "a-scheduled", content: "rewritten" }),
    "messages.cancelScheduled": (api) => api.messages.cancelScheduled({ id: "a-scheduled" }),
    "messages.sendScheduledNow": (api) => api.messages.sendScheduledNow({ id: "a-scheduled" }),
    "reactions.available": (api) => api.reactions.available(),
    "reactions.add": (api) => api.reactions.add({ messageId: ids.messageId, emoji: "🔥" }),
    "reactions.remove": (api) => api.reactions.remove({ messageId: ids.messageId, reactionId: ids.reactionId }),
    "calls.initiate": (api) => api.calls.initiate({ chatId: ids.chatId, type: "video" }),
    "calls.answer": (api) => api.calls.answer({ callId: ids.callId }),
    "calls.reject": (api) => api.calls.reject({ callId: ids.callId }),
    "calls.end": (api) => api.calls.end({ callId: ids.callId }),
    "calls.signal": (api) => api.calls.signal({ callId: ids.callId, signal: { type: "offer", sdp: "v=0" } }),
    "calls.history": (api) => api.calls.history({ chatId: ids.chatId }),
    "calls.current": (api) => api.calls.current(),
    "calls.config": (api) => api.calls.config(),
    "events.stream": (api) => api.events.stream({}),
    "admin.stats": (api) => api.admin.stats(),
    "admin.users": (api) => api.admin.users({}),
    "admin.ban": (api) => api.admin.ban({ userId: ids.userId, reason: "spam" }),
    "admin.unban": (api) => api.admin.unban({ userId: ids.userId }),
    "admin.setRole": (api) => api.admin.setRole({ userId: ids.userId, role: "admin" }),
    "admin.disconnect": (api) => api.admin.disconnect({ userId: ids.userId }),
    "admin.messages": (api) => api.admin.messages({}),
    "admin.deleteMessage": (api) => api.admin.deleteMessage({ messageId: ids.messageId, reason: "spam" }),
    "admin.reactions": (api) => api.admin.reactions({}),
    "admin.reports": (api) => api.admin.reports({ status: "open" }),
    "admin.resolveReport": (api) => api.admin.resolveReport({ reportId: ids.reportId, action: "delete" }),
    "admin.auditLog": (api) => api.admin.auditLog({}),
  };
}

describe("anonymous callers", () => {
  test("every procedure except register and login is UNAUTHORIZED, with or without a bad token", async () => {
    const a = await world.signUp();
    const b = await world.signUp();
    const chat = await a.api.chats.openDirect({ userId: b.user.id });
    const file = await world.fileOf(a, { kind: "image" });
    const message = await a.api.messages.send({ chatId: chat.id, content: "private", attachments: [file.id] });
    const reaction = await a.api.reactions.add({ messageId: message.id, emoji: "👍" });
    const ids = {
      userId: b.user.id,
      chatId: chat.id,
      messageId: message.id,
      reactionId: reaction.id,
      fileId: file.id,
      callId: "a-call",
      reportId: "a-report",
      secure: await secureIds(a, b, chat.id),
    };
    const calls = protectedCalls(ids);

    // The list above is the whole API: a new procedure must be added to it.
    const all = Object.keys(appRouter._def.procedures).filter((path) => !PUBLIC.includes(path));
    expect(Object.keys(calls).sort()).toEqual(all.sort());

    const callers = [world.anonymous, await world.callerWithToken("not-a-token"), await world.callerWithToken(null)];
    for (const api of callers) {
      for (const [path, call] of Object.entries(calls)) {
        const error = await refusal(call(api));
        expect(error.code, path).toBe("UNAUTHORIZED");
        expect(error.message, path).not.toContain("private");
      }
    }
    // Nothing was changed by the refused calls.
    expect((await b.api.messages.list({ chatId: chat.id })).items.map((m) => m.id)).toEqual([message.id]);
    expect((await b.api.auth.me()).firstName).toBe(b.user.firstName);
  });
});

/** Procedures of these routers that are not about one chat or message. */
const NOT_SCOPED = [
  "chats.list",
  "chats.openDirect",
  "chats.createGroup",
  "chats.openSupport",
  "chats.openContext",
  "chats.stats",
  "reactions.available",
  "music.all",
  "calls.current",
  "calls.config",
  "keys.registerDevice",
  "keys.devices",
];

describe("signed-in outsiders", () => {
  test("every chat and message procedure is NOT_FOUND for someone not in the chat, and changes nothing", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const file = await world.fileOf(a, { kind: "image", name: "private-plans.png" });
    const message = await a.api.messages.send({ chatId, content: "private plans", attachments: [file.id] });
    const reaction = await b.api.reactions.add({ messageId: message.id, emoji: "👍" });
    // A call rings in the chat: the outsider can neither touch it nor place one.
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    const secure = await secureIds(a, b, chatId);
    const calls = protectedCalls({
      userId: b.user.id,
      chatId,
      messageId: message.id,
      reactionId: reaction.id,
      fileId: file.id,
      callId: call.id,
      reportId: "a-report",
      secure,
    });

    const scoped = Object.keys(calls).filter(
      (path) => /^(chats|messages|reactions|polls|files|music|calls|keys)\./.test(path) && !NOT_SCOPED.includes(path),
    );
    expect(scoped.length).toBeGreaterThanOrEqual(14);

    const before = { history: await a.api.messages.list({ chatId }), info: await a.api.chats.info({ chatId }) };
    const stream = await world.listen(b.token);
    for (const path of scoped) {
      const error = await refusal(calls[path]!(outsider.api));
      expect(error.code, path).toBe("NOT_FOUND");
      expect(error.message, path).not.toContain("private");
    }

    // The message, its reaction and the chat are as they were; b heard nothing.
    const after = await a.api.messages.list({ chatId });
    expect(after.items).toEqual(before.history.items);
    expect(after.items[0]).toMatchObject({ content: "private plans", pinnedAt: null, deletedAt: null, editedAt: null });
    expect(after.items[0]!.reactions).toMatchObject([{ emoji: "👍", count: 1, userIds: [b.user.id] }]);
    expect(await a.api.messages.pinned({ chatId })).toEqual([]);
    const info = await a.api.chats.info({ chatId });
    expect(info.members.map((m) => m.user.id).sort()).toEqual([a.user.id, b.user.id].sort());
    expect(info.messageCount).toBe(before.info.messageCount);
    expect(info.secureDefault).toBe(false);
    // a's device is neither revoked nor re-keyed.
    expect((await a.api.keys.devices()).devices).toMatchObject([{ id: secure.deviceId, revokedAt: null, prekey: { id: 1 } }]);
    expect(await b.api.calls.current()).toMatchObject({ id: call.id, status: "ringing" });
    // A marker proves the stream was live: it is the first and only thing b hears.
    await a.api.chats.setTyping({ chatId, typing: true });
    const events = await stream.until((es) => es.length > 0);
    expect(events.map((e) => e.type)).toEqual(["typing:start"]);
    await a.api.chats.setTyping({ chatId, typing: false });
    await a.api.calls.end({ callId: call.id });
    await stream.stop();
  });
});

describe("people who are not admins", () => {
  test("every admin procedure is FORBIDDEN to them, and changes nothing", async () => {
    const { a, b, chatId } = await world.directChat();
    const message = await a.api.messages.send({ chatId, content: "reported" });
    const reaction = await b.api.reactions.add({ messageId: message.id, emoji: "👍" });
    const report = await b.api.messages.report({ messageId: message.id, reason: "spam" });
    const calls = protectedCalls({
      userId: a.user.id,
      chatId,
      messageId: message.id,
      reactionId: reaction.id,
      fileId: "a-file",
      callId: "a-call",
      reportId: report.id,
      secure: await secureIds(a, b, chatId),
    });
    const adminPaths = Object.keys(calls).filter((path) => path.startsWith("admin."));
    expect(adminPaths.length).toBe(12);
    for (const path of adminPaths) {
      const error = await refusal(calls[path]!(b.api));
      expect(error.code, path).toBe("FORBIDDEN");
    }
    // a is neither banned nor promoted, the message and its report are as they were.
    expect((await a.api.auth.me()).role).toBe("user");
    expect((await b.api.messages.byId({ messageId: message.id })).content).toBe("reported");
    expect(await refusal(b.api.messages.report({ messageId: message.id, reason: "again" }))).toMatchObject({ code: "CONFLICT" });
  });
});

describe("what leaves the server", () => {
  test("no password hash, password or other person's token in any response, event or refusal", async () => {
    const password = "hunter2-hunter2";
    const a = await world.signUp({ password, username: "leaky_a" });
    const b = await world.signUp({ password, username: "leaky_b" });
    const stream = await world.listen(b.token);
    const outputs: unknown[] = [];
    const keep = async <T>(value: Promise<T>) => {
      const result = await value;
      outputs.push(result);
      return result;
    };

    const login = await keep(world.anonymous.auth.login({ username: "leaky_a", password }));
    await keep(world.anonymous.auth.register({ username: "leaky_c", firstName: "C", lastName: "C", age: 40, password }));
    await keep(a.api.auth.me());
    await keep(a.api.auth.sessions());
    await keep(a.api.users.byId({ userId: b.user.id }));
    await keep(a.api.users.updateMe({ bio: "nothing to hide" }));
    await keep(a.api.users.search({ q: "leaky" }));
    const chat = await keep(a.api.chats.openDirect({ userId: b.user.id }));
    const message = await keep(a.api.messages.send({ chatId: chat.id, content: "hello", clientId: "leak-1" }));
    await keep(b.api.chats.list());
    await keep(b.api.chats.info({ chatId: chat.id }));
    await keep(b.api.messages.list({ chatId: chat.id }));
    await keep(b.api.messages.byId({ messageId: message.id }));
    await keep(b.api.messages.markRead({ chatId: chat.id }));
    outputs.push(await refusal(world.anonymous.auth.login({ username: "leaky_a", password: "wrong-password" })));
    outputs.push(await refusal(world.anonymous.auth.register({ username: "LEAKY_A", firstName: "x", lastName: "y", age: 20, password })));
    outputs.push(await stream.until((events) => events.some((e) => e.type === "message:status"), "b's events"));
    await stream.stop();

    const hashes = await world.db.execute<{ password_hash: string }>(sql`SELECT password_hash FROM users`);
    const rows = Array.isArray(hashes) ? hashes : (hashes as unknown as { rows: { password_hash: string }[] }).rows;
    expect(rows.length).toBeGreaterThan(2);

    const registerAndLogin = new Set(outputs.slice(0, 2));
    for (const output of outputs) {
      const text = JSON.stringify(output);
      expect(text.toLowerCase()).not.toContain("argon2");
      expect(text).not.toContain(password);
      expect(text.toLowerCase()).not.toContain("passwordhash");
      expect(text.toLowerCase()).not.toContain("password_hash");
      for (const { password_hash } of rows) expect(text).not.toContain(password_hash);
      // Tokens appear only in the sign-in answers that hand them out.
      if (!registerAndLogin.has(output)) {
        for (const token of [a.token, b.token, login.token]) expect(text).not.toContain(token);
      }
    }
  });
});

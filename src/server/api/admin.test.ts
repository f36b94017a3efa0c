// Admin procedures against a real database: stats, users (ban, unban, roles, the refusals an
// admin meets about themselves), messages and reactions, the reports queue and the audit log.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { adminAuditLog, messageReports, messages, users } from "@/server/db/schema";
import { joinPresence } from "@/server/services/accounts/instance-presence";
import { liveConnectionCount } from "@/server/services/accounts/instances";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
let admin: TestUser;
beforeAll(async () => {
  world = await createTestWorld();
  admin = await world.makeAdmin(await world.signUp({ username: "the_admin" }));
});
afterAll(() => world.close());

async function auditRows() {
  return (await admin.api.admin.auditLog({ limit: 100 })).items;
}

describe("stats", () => {
  test("counts users, the active ones, chats, messages (today's too), files, storage and connections", async () => {
    const before = await admin.api.admin.stats();
    const { a, b, chatId } = await world.directChat();
    await a.api.messages.send({ chatId, content: "one" });
    await b.api.messages.send({ chatId, content: "two" });
    await world.fileOf(a, { kind: "image", size: 1000 });
    await world.fileOf(b, { kind: "document", size: 2345 });
    await world.db.update(users).set({ lastSeenAt: new Date() }).where(eq(users.id, a.user.id));

    const after = await admin.api.admin.stats();
    expect(after.users - before.users).toBe(3);
    expect(after.activeUsers24h - before.activeUsers24h).toBe(1);
    expect(after.chats - before.chats).toBe(1);
    expect(after.messages - before.messages).toBe(2);
    expect(after.files - before.files).toBe(2);
    expect(after.storageBytes - before.storageBytes).toBe(3345);
    expect(after.liveConnections).toBe(0);
    expect(after.messagesPerDay).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.messagesPerDay.at(-1)).toEqual({ day: today, count: before.messagesPerDay.at(-1)!.count + 2 });
    expect(after.messagesPerDay.reduce((sum, d) => sum + d.count, 0)).toBe(after.messages);
    expect(after.newestUsers.map((u) => u.id)).toEqual(expect.arrayContaining([a.user.id, b.user.id]));
    expect(JSON.stringify(after)).not.toContain("argon2");
  });
});

describe("stats with several instances", () => {
  test("live connections count the sockets every live instance holds", async () => {
    const { a: phoneAndLaptop, b: desktop } = await world.directChat();
    const sockets = new Map([[phoneAndLaptop.user.id, 2]]);
    const one = joinPresence(world.deps, { instanceId: "one", socketsOf: (userId) => sockets.get(userId) ?? 0 });
    const two = joinPresence(world.deps, { instanceId: "two", socketsOf: (userId) => (userId === desktop.user.id ? 1 : 0) });
    try {
      await one.sync(phoneAndLaptop.user.id);
      await two.sync(desktop.user.id);
      expect((await admin.api.admin.stats()).liveConnections).toBe(3);
      sockets.set(phoneAndLaptop.user.id, 1);
      await one.sync(phoneAndLaptop.user.id);
      expect((await admin.api.admin.stats()).liveConnections).toBe(2);
      await one.stop();
      expect((await admin.api.admin.stats()).liveConnections).toBe(1);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  test("an instance silent past the limit no longer counts, even before it is removed", async () => {
    const { a: me } = await world.directChat();
    const silent = joinPresence(world.deps, { instanceId: "silent", socketsOf: () => 1, timings: { heartbeatMs: 3_600_000 } });
    try {
      await silent.sync(me.user.id);
      expect(await liveConnectionCount(world.db)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await liveConnectionCount(world.db, 100)).toBe(0);
    } finally {
      await silent.stop();
    }
  });
});

describe("stats over past days", () => {
  test("a day is counted once it is over, and its count stays when its chat is deleted later", async () => {
    const owner = await world.signUp();
    const member = await world.signUp();
    const chatId = await world.group(owner, [member], "Old times");
    await owner.api.messages.send({ chatId, content: "from three days ago" });
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    const sent = await world.db.update(messages).set({ createdAt: threeDaysAgo }).where(eq(messages.chatId, chatId)).returning();
    const day = threeDaysAgo.toISOString().slice(0, 10);

    const stats = await admin.api.admin.stats();
    expect(stats.messagesPerDay.find((d) => d.day === day)?.count).toBe(sent.length);
    expect(stats.messagesPerDay.reduce((total, d) => total + d.count, 0)).toBe(stats.messages);

    await owner.api.chats.delete({ chatId });
    const later = await admin.api.admin.stats();
    expect(later.messages).toBe(stats.messages);
    expect(later.messagesPerDay.find((d) => d.day === day)?.count).toBe(sent.length);
    expect(later.chats).toBe(stats.chats - 1);
  });
});

describe("users", () => {
  test("lists newest first, searches, filters by role and ban, page by page", async () => {
    const zed = await world.signUp({ username: "zed_searchable", firstName: "Zedekiah" });
    const all = await admin.api.admin.users({ limit: 100 });
    expect(all.items[0]!.id).toBe(zed.user.id);
    expect(JSON.stringify(all)).not.toMatch(/password|argon2/i);
    expect((await admin.api.admin.users({ q: "ZEDEK" })).items.map((u) => u.id)).toEqual([zed.user.id]);
    expect((await admin.api.admin.users({ q: "searchable" })).items.map((u) => u.id)).toEqual([zed.user.id]);
    expect((await admin.api.admin.users({ role: "admin" })).items.map((u) => u.id)).toContain(admin.user.id);
    expect((await admin.api.admin.users({ role: "admin" })).items.map((u) => u.id)).not.toContain(zed.user.id);

    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await admin.api.admin.users({ limit: 2, cursor });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((u) => u.id));
    expect(await refusal(admin.api.admin.users({ cursor: "not-a-cursor" }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  test("a ban ends the person's sessions, refuses sign-in with the reason, and an unban lets them sign in again", async () => {
    const mallory = await world.signUp({ username: "mallory_ban" });
    const banned = await admin.api.admin.ban({ userId: mallory.user.id, reason: "Spam in every group" });
    expect(banned).toMatchObject({ id: mallory.user.id, banReason: "Spam in every group" });
    expect(banned.bannedAt).not.toBeNull();

    // The old token is dead on every transport (each builds its context from the token).
    expect(await refusal((await world.callerWithToken(mallory.token)).auth.me())).toMatchObject({ code: "UNAUTHORIZED" });
    const signIn = await refusal(world.anonymous.auth.login({ username: "mallory_ban", password: mallory.password }));
    expect(signIn).toEqual({
      code: "FORBIDDEN",
      message: "This account has been banned by an admin. Reason: Spam in every group",
      fieldErrors: null,
    });
    // The wrong password still says only that.
    expect(await refusal(world.anonymous.auth.login({ username: "mallory_ban", password: "wrong-one" }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect((await admin.api.admin.users({ banned: true })).items.map((u) => u.id)).toContain(mallory.user.id);
    expect((await admin.api.admin.users({ banned: false })).items.map((u) => u.id)).not.toContain(mallory.user.id);
    expect(await refusal(admin.api.admin.ban({ userId: mallory.user.id, reason: "again" }))).toMatchObject({ code: "CONFLICT" });

    const unbanned = await admin.api.admin.unban({ userId: mallory.user.id, reason: "Appealed" });
    expect(unbanned).toMatchObject({ bannedAt: null, banReason: null });
    const again = await world.anonymous.auth.login({ username: "mallory_ban", password: mallory.password });
    expect((await world.callerWithToken(again.token).then((api) => api.auth.me())).id).toBe(mallory.user.id);
    // The sessions the ban ended stay ended.
    expect(await refusal((await world.callerWithToken(mallory.token)).auth.me())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await refusal(admin.api.admin.unban({ userId: mallory.user.id }))).toMatchObject({ code: "CONFLICT" });

    const audit = await auditRows();
    expect(audit.find((r) => r.action === "ban" && r.targetUser?.id === mallory.user.id)).toMatchObject({
      actor: { id: admin.user.id, username: "the_admin" },
      reason: "Spam in every group",
    });
    expect(audit.find((r) => r.action === "unban" && r.targetUser?.id === mallory.user.id)).toMatchObject({ reason: "Appealed" });
  });

  test("reasons are bounded and required", async () => {
    const someone = await world.signUp();
    for (const reason of ["", "   ", "x".repeat(501)]) {
      const error = await refusal(admin.api.admin.ban({ userId: someone.user.id, reason }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.reason).toBeDefined();
    }
    expect(await refusal(admin.api.admin.ban({ userId: "nobody", reason: "spam" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  test("roles: an admin makes and unmakes admins, but never bans, demotes or disconnects themselves", async () => {
    const dana = await world.signUp();
    expect(await admin.api.admin.setRole({ userId: dana.user.id, role: "admin" })).toMatchObject({ role: "admin" });
    const danaAdmin = await world.callerFor(dana.token);
    expect((await danaAdmin.admin.stats()).users).toBeGreaterThan(0);

    expect(await refusal(admin.api.admin.ban({ userId: admin.user.id, reason: "oops" }))).toEqual({
      code: "FORBIDDEN",
      message: "You cannot ban yourself",
      fieldErrors: null,
    });
    expect(await refusal(admin.api.admin.setRole({ userId: admin.user.id, role: "user" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(admin.api.admin.disconnect({ userId: admin.user.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await admin.api.auth.me()).role).toBe("admin");

    await admin.api.admin.setRole({ userId: dana.user.id, role: "user" });
    const danaUser = await world.callerFor(dana.token);
    expect(await refusal(danaUser.admin.stats())).toMatchObject({ code: "FORBIDDEN" });

    const audit = await auditRows();
    const roleRows = audit.filter((r) => r.action === "set_role" && r.targetUser?.id === dana.user.id);
    expect(roleRows.map((r) => r.details)).toEqual([
      { from: "admin", to: "user" },
      { from: "user", to: "admin" },
    ]);
    expect(await refusal(admin.api.admin.disconnect({ userId: "nobody" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("roles and support chats", () => {
  test("a new admin joins the open support chats; a former admin leaves them, but keeps their own", async () => {
    const asker = await world.signUp();
    const support = await asker.api.chats.openSupport({ subject: "Refund" });
    const erin = await world.signUp();
    const erinOwn = await erin.api.chats.openSupport({ subject: "My own question" });
    const supportIds = async () =>
      (await (await world.callerFor(erin.token)).chats.list({ type: "support", limit: 100 })).items.map((c) => c.id);
    expect(await supportIds()).toEqual([erinOwn.id]);

    await admin.api.admin.setRole({ userId: erin.user.id, role: "admin" });
    expect(await supportIds()).toEqual(expect.arrayContaining([support.id, erinOwn.id]));
    const asAdmin = await world.callerFor(erin.token);
    await asAdmin.messages.send({ chatId: support.id, content: "Looking into it" });

    await admin.api.admin.setRole({ userId: erin.user.id, role: "user" });
    expect(await supportIds()).toEqual([erinOwn.id]);
    expect(await refusal((await world.callerFor(erin.token)).messages.list({ chatId: support.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("messages and reactions", () => {
  test("every chat's messages with chat and sender, filtered, and deleted for everyone live", async () => {
    const { a, b, chatId } = await world.directChat();
    const first = await a.api.messages.send({ chatId, content: "Buy cheap watches" });
    const second = await b.api.messages.send({ chatId, content: "please stop" });
    const listing = await admin.api.admin.messages({ chatId });
    expect(listing.items.map((m) => m.id)).toEqual([second.id, first.id]);
    expect(listing.items[1]).toMatchObject({
      content: "Buy cheap watches",
      sender: { id: a.user.id, username: a.user.username },
      chat: { id: chatId, type: "direct", title: [a.user.username, b.user.username].sort().join(" & ") },
    });
    expect((await admin.api.admin.messages({ q: "CHEAP WATCH" })).items.map((m) => m.id)).toEqual([first.id]);
    expect((await admin.api.admin.messages({ userId: b.user.id })).items.map((m) => m.id)).toEqual([second.id]);
    expect((await admin.api.admin.messages({ q: "100%" })).items).toEqual([]);
    const paged = await admin.api.admin.messages({ chatId, limit: 1 });
    const rest = await admin.api.admin.messages({ chatId, limit: 1, cursor: paged.nextCursor });
    expect([...paged.items, ...rest.items].map((m) => m.id)).toEqual([second.id, first.id]);
    expect(rest.nextCursor).toBeNull();

    const stream = await world.listen(b.token);
    const result = await admin.api.admin.deleteMessage({ messageId: first.id, reason: "Spam" });
    expect(result).toMatchObject({ messageId: first.id, scope: "everyone" });
    const events = await stream.until((es) => es.some((e) => e.type === "message:deleted"));
    expect(events.find((e) => e.type === "message:deleted")?.data).toMatchObject({ messageId: first.id, scope: "everyone" });
    await stream.stop();
    expect(await b.api.messages.byId({ messageId: first.id })).toMatchObject({ content: "", deletedAt: result.deletedAt });
    expect(await refusal(admin.api.admin.deleteMessage({ messageId: first.id, reason: "Spam" }))).toMatchObject({
      code: "CONFLICT",
    });
    expect(await refusal(admin.api.admin.deleteMessage({ messageId: "nope", reason: "Spam" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await auditRows()).find((r) => r.action === "delete_message" && r.targetMessageId === first.id)).toMatchObject({
      reason: "Spam",
      targetUser: { id: a.user.id },
      details: { chatId },
    });
  });

  test("every reaction, newest first, with who, on what and where", async () => {
    const { a, b, chatId } = await world.directChat();
    const message = await a.api.messages.send({ chatId, content: "nice" });
    await b.api.reactions.add({ messageId: message.id, emoji: "👍" });
    await a.api.reactions.add({ messageId: message.id, emoji: "🔥" });
    const { items } = await admin.api.admin.reactions({ limit: 2 });
    expect(items.map((r) => [r.emoji, r.user.id])).toEqual([
      ["🔥", a.user.id],
      ["👍", b.user.id],
    ]);
    expect(items[0]).toMatchObject({ message: { id: message.id, content: "nice" }, chat: { id: chatId } });
  });
});

describe("reports", () => {
  async function reportedChat() {
    const owner = await world.signUp();
    const [spammer, r1, r2] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [spammer, r1, r2], "Reported group");
    const lines = [];
    for (const [who, text] of [
      [owner, "before 1"],
      [r1, "before 2"],
      [spammer, "Click my link"],
      [r2, "after 1"],
    ] as const) {
      lines.push(await who.api.messages.send({ chatId, content: text }));
    }
    const target = lines[2]!;
    const first = await r1.api.messages.report({ messageId: target.id, reason: "Spam" });
    const second = await r2.api.messages.report({ messageId: target.id, reason: "Phishing link" });
    return { owner, spammer, r1, r2, chatId, target, lines, reports: [first, second] };
  }

  test("the open queue: one item per message, with its reporters and reasons and the messages around it", async () => {
    const { r1, r2, chatId, target, lines, reports } = await reportedChat();
    const { items } = await admin.api.admin.reports({ status: "open", limit: 100 });
    const item = items.find((i) => i.message.id === target.id)!;
    expect(item.reportId).toBe(reports[0]!.id);
    expect(item.reportedContent).toBe("Click my link");
    expect(item.reports.map((r) => [r.reporter?.id, r.reason])).toEqual([
      [r1.user.id, "Spam"],
      [r2.user.id, "Phishing link"],
    ]);
    // The group's creation line is message 1; context is up to three each side.
    const context = item.context.map((m) => m.content);
    expect(context).toEqual(expect.arrayContaining(lines.map((l) => l.content)));
    expect(item.context.every((m) => m.chat.id === chatId)).toBe(true);
    expect(item.context.map((m) => m.seq)).toEqual([...item.context.map((m) => m.seq)].sort((x, y) => x - y));
    expect(item.message.chat).toMatchObject({ id: chatId, title: "Reported group" });
    expect(item.resolution).toBeNull();
  });

  test("dismiss resolves every open report of the message and touches nothing else", async () => {
    const { spammer, target, reports } = await reportedChat();
    const result = await admin.api.admin.resolveReport({ reportId: reports[1]!.id, action: "dismiss", note: "Just a joke" });
    expect(result).toMatchObject({ action: "dismiss", resolvedReports: 2, messageId: target.id });
    const open = await admin.api.admin.reports({ status: "open", limit: 100 });
    expect(open.items.map((i) => i.message.id)).not.toContain(target.id);
    const resolved = await admin.api.admin.reports({ status: "resolved", limit: 100 });
    const item = resolved.items.find((i) => i.message.id === target.id)!;
    expect(item.resolution).toMatchObject({ action: "dismiss", note: "Just a joke", by: { id: admin.user.id } });
    expect(item.reports).toHaveLength(2);
    expect(item.message.deletedAt).toBeNull();
    expect((await world.callerFor(spammer.token).then((api) => api.auth.me())).id).toBe(spammer.user.id);
    expect(await refusal(admin.api.admin.resolveReport({ reportId: reports[0]!.id, action: "delete" }))).toMatchObject({
      code: "CONFLICT",
    });
    const rows = await world.db.select().from(messageReports).where(eq(messageReports.messageId, target.id));
    expect(rows.map((r) => r.status)).toEqual(["dismissed", "dismissed"]);
  });

  test("delete leaves a tombstone for everyone, live, and the report keeps the evidence", async () => {
    const { r1, target, reports } = await reportedChat();
    const stream = await world.listen(r1.token);
    await admin.api.admin.resolveReport({ reportId: reports[0]!.id, action: "delete" });
    await stream.until((es) => es.some((e) => e.type === "message:deleted" && e.data.messageId === target.id));
    await stream.stop();
    expect((await r1.api.messages.byId({ messageId: target.id })).deletedAt).not.toBeNull();
    const resolved = await admin.api.admin.reports({ status: "resolved", limit: 100 });
    const item = resolved.items.find((i) => i.message.id === target.id)!;
    expect(item.message).toMatchObject({ content: "", deletedAt: expect.any(String) });
    expect(item.reportedContent).toBe("Click my link");
    expect(item.resolution?.action).toBe("delete");
    const audit = await auditRows();
    expect(audit.find((r) => r.action === "delete_message" && r.targetMessageId === target.id)).toMatchObject({
      targetReportId: reports[0]!.id,
      reason: "Reported: Spam",
    });
    expect(audit.find((r) => r.action === "resolve_report" && r.targetMessageId === target.id)).toMatchObject({
      details: { resolution: "delete", reports: 2 },
    });
  });

  test("ban bans the author with the note as the reason", async () => {
    const { spammer, target, reports } = await reportedChat();
    await admin.api.admin.resolveReport({ reportId: reports[0]!.id, action: "ban", note: "Phishing" });
    expect(await refusal(world.anonymous.auth.login({ username: spammer.user.username, password: spammer.password }))).toMatchObject({
      code: "FORBIDDEN",
      message: "This account has been banned by an admin. Reason: Phishing",
    });
    expect(await refusal((await world.callerWithToken(spammer.token)).auth.me())).toMatchObject({ code: "UNAUTHORIZED" });
    const audit = await auditRows();
    expect(audit.find((r) => r.action === "ban" && r.targetUser?.id === spammer.user.id)).toMatchObject({
      reason: "Phishing",
      details: { reportId: reports[0]!.id },
    });
    expect(audit.find((r) => r.action === "resolve_report" && r.targetMessageId === target.id)).toMatchObject({
      reason: "Phishing",
      details: { resolution: "ban", reports: 2 },
    });
    expect(await refusal(admin.api.admin.resolveReport({ reportId: "nope", action: "ban" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("audit log", () => {
  test("newest first, page by page, and nothing in the API changes or removes a row", async () => {
    const target = await world.signUp();
    await admin.api.admin.ban({ userId: target.user.id, reason: "first" });
    await admin.api.admin.unban({ userId: target.user.id });
    const all = await auditRows();
    expect(all.slice(0, 2).map((r) => r.action)).toEqual(["unban", "ban"]);
    // Every list may be called without input.
    expect((await admin.api.admin.auditLog()).items.map((r) => r.id)).toEqual(all.slice(0, 25).map((r) => r.id));
    expect((await admin.api.admin.reports()).items.every((i) => i.resolution === null)).toBe(true);
    for (const list of [admin.api.admin.users(), admin.api.admin.messages(), admin.api.admin.reactions()]) {
      expect((await list).items.length).toBeGreaterThan(0);
    }
    const first = await admin.api.admin.auditLog({ limit: 1 });
    const second = await admin.api.admin.auditLog({ limit: 1, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
    const count = (await world.db.select().from(adminAuditLog)).length;
    expect(count).toBe(all.length);
    const mutations = Object.keys((await import("@/server/api/root")).appRouter._def.procedures).filter((p) =>
      /audit/i.test(p),
    );
    expect(mutations).toEqual(["admin.auditLog"]);
  });
});

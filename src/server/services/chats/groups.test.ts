// Group chats through the API: creating, renaming, roles, adding and removing people,
// leaving and deleting, and how membership changes reach live streams at once.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { replayEvents } from "@/server/events/log";
import { brief, createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const history = async (api: Awaited<ReturnType<TestWorld["signUp"]>>["api"], chatId: string) =>
  (await api.messages.list({ chatId })).items.map((m) => m.content).reverse();

describe("chats.createGroup", () => {
  test("the creator owns it; members are in with their roles; a system line says so", async () => {
    const dana = await world.signUp({ firstName: "Dana", lastName: "Novak" });
    const eli = await world.signUp({ firstName: "Eli", lastName: "Park" });
    const fay = await world.signUp();
    const chat = await dana.api.chats.createGroup({
      title: "  Hikers ",
      memberIds: [eli.user.id, fay.user.id, eli.user.id, dana.user.id],
      metadata: { tripId: 42 },
    });
    expect(chat).toMatchObject({ type: "group", title: "Hikers", myRole: "owner", memberCount: 3, archived: false, context: null });
    expect(chat.lastMessage).toMatchObject({ kind: "system", content: "Dana Novak created the group “Hikers”" });

    const info = await eli.api.chats.info({ chatId: chat.id });
    expect(info.myRole).toBe("member");
    expect(info.metadata).toEqual({ tripId: 42 });
    expect(info.members[0]).toMatchObject({ user: { id: dana.user.id }, role: "owner" });
    expect(Object.fromEntries(info.members.slice(1).map((m) => [m.user.id, m.role]))).toEqual({
      [eli.user.id]: "member",
      [fay.user.id]: "member",
    });
    expect(info.members[0]!.user).toHaveProperty("online");
    expect(info.messageCount).toBe(1);
    expect((await fay.api.chats.list()).items.map((c) => c.id)).toEqual([chat.id]);
  });

  test("refuses bad input with field errors, unknown or banned people, and a group of one", async () => {
    const me = await world.signUp();
    const other = await world.signUp();
    const empty = await refusal(me.api.chats.createGroup({ title: "   ", memberIds: [] }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(empty.fieldErrors?.title).toEqual(["Give the group a title"]);
    expect(empty.fieldErrors?.memberIds).toEqual(["Choose at least 1 member"]);
    const long = await refusal(me.api.chats.createGroup({ title: "x".repeat(101), memberIds: [other.user.id] }));
    expect(long.fieldErrors?.title).toEqual(["Title must be at most 100 characters"]);
    const big = await refusal(
      me.api.chats.createGroup({ title: "Big", memberIds: [other.user.id], metadata: { blob: "x".repeat(5000) } }),
    );
    expect(big.fieldErrors?.metadata).toEqual(["Metadata must be at most 4 KB as JSON"]);

    const unknown = await refusal(me.api.chats.createGroup({ title: "Ghosts", memberIds: [other.user.id, "nobody"] }));
    expect(unknown).toMatchObject({ code: "NOT_FOUND", message: "User not found" });
    expect((await refusal(me.api.chats.createGroup({ title: "Solo", memberIds: [me.user.id] }))).code).toBe("BAD_REQUEST");
    expect((await me.api.chats.list()).items).toEqual([]);
  });
});

describe("managing a group", () => {
  test("owner and admins rename and add; members may not; the owner alone names admins", async () => {
    const [owner, admin, member, newcomer, late] = [
      await world.signUp({ firstName: "Dana", lastName: "N" }),
      await world.signUp({ firstName: "Eli", lastName: "P" }),
      await world.signUp(),
      await world.signUp({ firstName: "Gus", lastName: "Q" }),
      await world.signUp(),
    ];
    const chatId = await world.group(owner, [admin, member]);

    expect((await refusal(admin.api.chats.setMemberRole({ chatId, userId: member.user.id, role: "admin" }))).code).toBe("FORBIDDEN");
    const promoted = await owner.api.chats.setMemberRole({ chatId, userId: admin.user.id, role: "admin" });
    expect(promoted.members.find((m) => m.user.id === admin.user.id)?.role).toBe("admin");
    expect(promoted.lastMessage?.content).toBe("Dana N made Eli P an admin");
    expect((await refusal(owner.api.chats.setMemberRole({ chatId, userId: owner.user.id, role: "member" }))).code).toBe("FORBIDDEN");

    // Called one at a time (a refusal must not race the next call).
    const forbidden = [
      () => member.api.chats.update({ chatId, title: "Mine" }),
      () => member.api.chats.addMembers({ chatId, userIds: [newcomer.user.id] }),
      () => member.api.chats.removeMember({ chatId, userId: admin.user.id }),
      () => member.api.chats.delete({ chatId }),
      () => admin.api.chats.delete({ chatId }),
    ];
    for (const call of forbidden) expect((await refusal(call())).code).toBe("FORBIDDEN");

    const renamed = await admin.api.chats.update({ chatId, title: "Climbers" });
    expect(renamed.title).toBe("Climbers");
    const added = await admin.api.chats.addMembers({ chatId, userIds: [newcomer.user.id, member.user.id] });
    expect(added.memberCount).toBe(4);
    // Adding someone twice changes nothing.
    await owner.api.chats.addMembers({ chatId, userIds: [newcomer.user.id] });
    expect(await history(owner.api, chatId)).toEqual([
      "Dana N created the group “Hikers”",
      "Dana N made Eli P an admin",
      "Eli P renamed the group to “Climbers”",
      "Eli P added Gus Q",
    ]);
    expect((await refusal(late.api.chats.update({ chatId, title: "Outsider" }))).code).toBe("NOT_FOUND");
    const bad = await refusal(owner.api.chats.setMemberRole({ chatId, userId: member.user.id, role: "boss" as "admin" }));
    expect(bad.fieldErrors?.role).toEqual(["Role must be admin or member"]);
  });

  test("nobody removes the owner; an admin cannot remove another admin; the owner can", async () => {
    const [owner, a1, a2, member] = [await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [a1, a2, member]);
    await owner.api.chats.setMemberRole({ chatId, userId: a1.user.id, role: "admin" });
    await owner.api.chats.setMemberRole({ chatId, userId: a2.user.id, role: "admin" });

    expect((await refusal(a1.api.chats.removeMember({ chatId, userId: owner.user.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(a1.api.chats.removeMember({ chatId, userId: a2.user.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(a1.api.chats.removeMember({ chatId, userId: "nobody" }))).code).toBe("NOT_FOUND");
    expect((await refusal(owner.api.chats.removeMember({ chatId, userId: owner.user.id }))).code).toBe("BAD_REQUEST");
    await a1.api.chats.removeMember({ chatId, userId: member.user.id });
    await owner.api.chats.removeMember({ chatId, userId: a2.user.id });
    const info = await owner.api.chats.info({ chatId });
    expect(info.members.map((m) => m.user.id).sort()).toEqual([owner.user.id, a1.user.id].sort());
    expect((await refusal(member.api.messages.list({ chatId }))).code).toBe("NOT_FOUND");
  });

  test("group-only procedures on a direct chat are BAD_REQUEST (a direct chat cannot be deleted)", async () => {
    const { a, b, chatId } = await world.directChat();
    const calls = [
      () => a.api.chats.update({ chatId, title: "Ours" }),
      () => a.api.chats.addMembers({ chatId, userIds: [b.user.id] }),
      () => a.api.chats.removeMember({ chatId, userId: b.user.id }),
      () => a.api.chats.setMemberRole({ chatId, userId: b.user.id, role: "admin" }),
      () => a.api.chats.leave({ chatId }),
      () => a.api.chats.delete({ chatId }),
    ];
    for (const call of calls) expect((await refusal(call())).code).toBe("BAD_REQUEST");
    expect((await b.api.chats.info({ chatId })).members).toHaveLength(2);
  });
});

describe("membership takes effect at once", () => {
  test("a removed member is told, then hears nothing more of the chat; the others still do", async () => {
    const [owner, stays, removed] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [stays, removed]);
    await owner.api.messages.send({ chatId, content: "before" });
    const [removedStream, staysStream] = [await world.listen(removed.token), await world.listen(stays.token)];

    await owner.api.chats.removeMember({ chatId, userId: removed.user.id });
    await owner.api.messages.send({ chatId, content: "after" });
    await owner.api.chats.setTyping({ chatId, typing: true });
    await staysStream.until((es) => es.some((e) => e.type === "typing:start"), "the typing marker");

    // A marker in a chat of their own proves the removed member's stream is still live.
    const { chatId: markerChat } = await world.directChat().then(async (d) => ({
      chatId: (await d.a.api.chats.openDirect({ userId: removed.user.id })).id,
      a: d.a,
    }));
    await removedStream.until((es) => es.some((e) => e.type === "chat:updated" && e.data.chatId === markerChat), "the marker");
    const heard = removedStream.events.filter((e) => "chatId" in e.data && e.data.chatId === chatId).map(brief);
    expect(heard).toEqual([`chat:members:${chatId}`]);

    const others = staysStream.events.filter((e) => "chatId" in e.data && e.data.chatId === chatId).map(brief);
    expect(others).toContain(`chat:members:${chatId}`);
    expect(others.filter((b) => b.startsWith("new:"))).toEqual([expect.stringContaining("removed"), "new:after"]);
    await Promise.all([removedStream.stop(), staysStream.stop()]);

    // Resuming from before the removal replays none of the chat's later events to them.
    const replayed = [];
    for await (const event of replayEvents(world.db, removed.user.id, 0)) replayed.push(event);
    const fromChat = replayed.filter((e) => "chatId" in e.data && e.data.chatId === chatId);
    expect(fromChat.map((e) => e.type)).toEqual(["chat:updated"]);
    expect(fromChat[0]!.data).toMatchObject({ action: "members" });
  });

  test("an added member hears the chat at once, without reconnecting, and sees the earlier history", async () => {
    const [owner, member, joiner] = [await world.signUp(), await world.signUp(), await world.signUp({ firstName: "Jo", lastName: "J" })];
    const chatId = await world.group(owner, [member]);
    await member.api.messages.send({ chatId, content: "earlier" });
    const stream = await world.listen(joiner.token);

    const info = await owner.api.chats.addMembers({ chatId, userIds: [joiner.user.id] });
    expect(info.members.map((m) => m.user.id)).toContain(joiner.user.id);
    await member.api.messages.send({ chatId, content: "welcome" });
    const events = await stream.until((es) => es.some((e) => brief(e) === "new:welcome"), "the welcome");
    const fromChat = events.filter((e) => "chatId" in e.data && e.data.chatId === chatId).map(brief);
    expect(fromChat).toContain(`chat:members:${chatId}`);
    expect(fromChat).toContain("new:welcome");
    await stream.stop();

    expect(await history(joiner.api, chatId)).toEqual([
      expect.stringContaining("created the group"),
      "earlier",
      expect.stringContaining("added Jo J"),
      "welcome",
    ]);
    // Joining is not a backlog: only what came after the join is unread.
    const summary = (await joiner.api.chats.list()).items.find((c) => c.id === chatId);
    expect(summary?.unreadCount).toBe(2);
  });
});

describe("leaving and deleting", () => {
  test("an owner who leaves hands the group to the longest-standing admin, else the longest-standing member", async () => {
    const [owner, first, second, admin] = [
      await world.signUp({ firstName: "Own", lastName: "Er" }),
      await world.signUp(),
      await world.signUp(),
      await world.signUp({ firstName: "Ad", lastName: "Min" }),
    ];
    const chatId = await world.group(owner, [first]);
    // Joined later than `first`, so `first` is the longest-standing member.
    await owner.api.chats.addMembers({ chatId, userIds: [second.user.id, admin.user.id] });
    await owner.api.chats.setMemberRole({ chatId, userId: admin.user.id, role: "admin" });

    expect(await owner.api.chats.leave({ chatId })).toEqual({ chatId, deleted: false });
    let info = await first.api.chats.info({ chatId });
    expect(info.members.find((m) => m.user.id === admin.user.id)?.role).toBe("owner");
    expect((await history(first.api, chatId)).slice(-2)).toEqual(["Own Er left", "Ad Min is now the owner"]);
    expect((await refusal(owner.api.chats.info({ chatId }))).code).toBe("NOT_FOUND");

    // No admins left: the member who joined first takes over.
    await admin.api.chats.leave({ chatId });
    info = await second.api.chats.info({ chatId });
    const roles = Object.fromEntries(info.members.map((m) => [m.user.id, m.role]));
    expect(roles).toEqual({ [first.user.id]: "owner", [second.user.id]: "member" });
  });

  test("the last one out deletes the group", async () => {
    const [owner, member] = [await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [member]);
    await member.api.chats.leave({ chatId });
    expect(await owner.api.chats.leave({ chatId })).toEqual({ chatId, deleted: true });
    expect((await refusal(owner.api.chats.info({ chatId }))).code).toBe("NOT_FOUND");
    expect((await owner.api.chats.list()).items).toEqual([]);
  });

  test("the owner deletes it for everyone, and every member is told", async () => {
    const [owner, m1, m2] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [m1, m2]);
    await m1.api.messages.send({ chatId, content: "hi" });
    const streams = [await world.listen(m1.token), await world.listen(m2.token)];
    expect(await owner.api.chats.delete({ chatId })).toEqual({ chatId, deleted: true });
    for (const stream of streams) {
      await stream.until((es) => es.some((e) => brief(e) === `chat:deleted:${chatId}`), "the deletion");
      await stream.stop();
    }
    for (const person of [owner, m1, m2]) {
      expect((await refusal(person.api.messages.list({ chatId }))).code).toBe("NOT_FOUND");
      expect((await person.api.chats.list()).items.map((c) => c.id)).not.toContain(chatId);
    }
  });
});

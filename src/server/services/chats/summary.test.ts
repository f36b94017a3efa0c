// Conversations through the API: opening direct chats, the chat list and chat info.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("chats.openDirect", () => {
  test("creates the chat once; opening it again from either side returns the same chat", async () => {
    const ann = await world.signUp({ firstName: "Ann" });
    const ben = await world.signUp({ firstName: "Ben" });
    const chat = await ann.api.chats.openDirect({ userId: ben.user.id });
    expect(chat).toMatchObject({ type: "direct", peer: { id: ben.user.id }, lastMessage: null, unreadCount: 0 });
    expect(chat.title).toContain("Ben");

    expect((await ann.api.chats.openDirect({ userId: ben.user.id })).id).toBe(chat.id);
    const fromBen = await ben.api.chats.openDirect({ userId: ann.user.id });
    expect(fromBen.id).toBe(chat.id);
    expect(fromBen.peer?.id).toBe(ann.user.id);
    expect((await ann.api.chats.list()).items.map((c) => c.id)).toEqual([chat.id]);
  });

  test("both people opening it at the same instant get one chat", async () => {
    const cat = await world.signUp();
    const dan = await world.signUp();
    const opened = await Promise.all([
      cat.api.chats.openDirect({ userId: dan.user.id }),
      dan.api.chats.openDirect({ userId: cat.user.id }),
      cat.api.chats.openDirect({ userId: dan.user.id }),
      dan.api.chats.openDirect({ userId: cat.user.id }),
    ]);
    expect(new Set(opened.map((c) => c.id)).size).toBe(1);
    expect((await cat.api.chats.list()).items).toHaveLength(1);
    expect((await dan.api.chats.list()).items).toHaveLength(1);
    expect((await cat.api.chats.info({ chatId: opened[0]!.id })).members).toHaveLength(2);
  });

  test("a chat with myself is a BAD_REQUEST; an unknown user is NOT_FOUND", async () => {
    const eve = await world.signUp();
    expect((await refusal(eve.api.chats.openDirect({ userId: eve.user.id }))).code).toBe("BAD_REQUEST");
    expect((await refusal(eve.api.chats.openDirect({ userId: "no-such-user" }))).code).toBe("NOT_FOUND");
    expect((await eve.api.chats.list()).items).toEqual([]);
  });
});

describe("chats.list", () => {
  test("shows peer, last message and unread count, newest activity first", async () => {
    const me = await world.signUp();
    const [p1, p2, p3] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const c1 = await me.api.chats.openDirect({ userId: p1.user.id });
    const c2 = await me.api.chats.openDirect({ userId: p2.user.id });
    const c3 = await p3.api.chats.openDirect({ userId: me.user.id });

    await p1.api.messages.send({ chatId: c1.id, content: "one from p1" });
    await p2.api.messages.send({ chatId: c2.id, content: "from p2" });
    await p1.api.messages.send({ chatId: c1.id, content: "two from p1" });

    const { items, nextCursor } = await me.api.chats.list();
    expect(nextCursor).toBeNull();
    expect(items.map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    expect(items[0]).toMatchObject({ peer: { id: p1.user.id }, unreadCount: 2, lastMessage: { content: "two from p1" } });
    expect(items[1]).toMatchObject({ peer: { id: p2.user.id }, unreadCount: 1, lastMessage: { content: "from p2" } });
    expect(items[2]).toMatchObject({ peer: { id: p3.user.id }, unreadCount: 0, lastMessage: null });

    // Replying moves that chat to the top and reads it.
    await me.api.messages.send({ chatId: c3.id, content: "hello p3" });
    const after = (await me.api.chats.list()).items;
    expect(after.map((c) => c.id)).toEqual([c3.id, c1.id, c2.id]);
    expect(after[0]).toMatchObject({ unreadCount: 0, lastMessage: { content: "hello p3", senderId: me.user.id } });
    // The other side sees it as unread.
    expect((await p3.api.chats.list()).items[0]).toMatchObject({ id: c3.id, unreadCount: 1 });
  });

  test("pages with a cursor: every chat exactly once, in order, including chats opened in the same instant", async () => {
    const me = await world.signUp();
    const peers = await Promise.all(Array.from({ length: 7 }, () => world.signUp()));
    // Opened concurrently: several chats may share a creation instant.
    const chats = await Promise.all(peers.map((p) => p.api.chats.openDirect({ userId: me.user.id })));
    for (const [i, chat] of chats.slice(0, 3).entries()) {
      await peers[i]!.api.messages.send({ chatId: chat.id, content: `m${i}` });
    }

    const full = (await me.api.chats.list({ limit: 100 })).items.map((c) => c.id);
    expect(full).toHaveLength(7);
    expect(new Set(full)).toEqual(new Set(chats.map((c) => c.id)));
    // The three chats with messages come first, the newest message first.
    expect(full.slice(0, 3)).toEqual([chats[2]!.id, chats[1]!.id, chats[0]!.id]);

    for (const limit of [1, 2, 3]) {
      const paged: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result: Awaited<ReturnType<typeof me.api.chats.list>> = await me.api.chats.list({ cursor, limit });
        expect(result.items.length).toBeLessThanOrEqual(limit);
        paged.push(...result.items.map((c) => c.id));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      expect(paged).toEqual(full);
    }
  });

  test("paging loses nothing when activity times differ by less than a millisecond", async () => {
    // The database keeps microseconds (a new chat's activity time is its creation time), so
    // chats opened within one millisecond are ordered by digits a JavaScript Date cannot hold.
    const me = await world.signUp();
    const peers = await Promise.all(Array.from({ length: 4 }, () => world.signUp()));
    const chats = [];
    for (const peer of peers) chats.push(await me.api.chats.openDirect({ userId: peer.user.id }));
    const times = ["2030-01-01 00:00:00.123900+00", "2030-01-01 00:00:00.123600+00", "2030-01-01 00:00:00.123300+00", "2030-01-01 00:00:00.122000+00"];
    for (const [i, chat] of chats.entries()) {
      await world.db.execute(sql`UPDATE chats SET last_activity_at = ${times[i]}::timestamptz WHERE id = ${chat.id}`);
    }
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: Awaited<ReturnType<typeof me.api.chats.list>> = await me.api.chats.list({ cursor, limit: 1 });
      paged.push(...result.items.map((c) => c.id));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(chats.map((c) => c.id));
  });

  test("limit is bounded and a forged cursor is a BAD_REQUEST", async () => {
    const me = await world.signUp();
    expect((await refusal(me.api.chats.list({ limit: 101 }))).fieldErrors).toHaveProperty("limit");
    expect((await refusal(me.api.chats.list({ limit: 0 }))).fieldErrors).toHaveProperty("limit");
    expect((await refusal(me.api.chats.list({ cursor: "not-a-cursor" }))).code).toBe("BAD_REQUEST");
    expect((await me.api.chats.list({ limit: 100 })).items).toEqual([]);
  });

  test("I only see chats I belong to", async () => {
    const [a, b, outsider] = [await world.signUp(), await world.signUp(), await world.signUp()];
    await a.api.chats.openDirect({ userId: b.user.id });
    expect((await outsider.api.chats.list()).items).toEqual([]);
  });
});

describe("chats.info", () => {
  test("members, type, title, last message and message count", async () => {
    const gil = await world.signUp({ firstName: "Gil" });
    const hana = await world.signUp({ firstName: "Hana" });
    const chat = await gil.api.chats.openDirect({ userId: hana.user.id });
    await gil.api.messages.send({ chatId: chat.id, content: "first" });
    await hana.api.messages.send({ chatId: chat.id, content: "second" });

    const info = await gil.api.chats.info({ chatId: chat.id });
    expect(info).toMatchObject({
      id: chat.id,
      type: "direct",
      peer: { id: hana.user.id },
      lastMessage: { content: "second", senderId: hana.user.id },
      messageCount: 2,
      unreadCount: 1,
    });
    expect(info.title).toContain("Hana");
    expect(info.members.map((m) => m.user.id).sort()).toEqual([gil.user.id, hana.user.id].sort());
    expect(typeof info.createdAt).toBe("string");
  });

  test("a chat I am not in does not exist for me", async () => {
    const [a, b, outsider] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chat = await a.api.chats.openDirect({ userId: b.user.id });
    const notMine = await refusal(outsider.api.chats.info({ chatId: chat.id }));
    const missing = await refusal(outsider.api.chats.info({ chatId: "no-such-chat" }));
    expect(notMine.code).toBe("NOT_FOUND");
    // Indistinguishable from a chat that does not exist.
    expect(notMine.message).toBe(missing.message);
  });
});

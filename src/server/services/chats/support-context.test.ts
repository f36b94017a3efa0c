// Support chats (a user's line to every admin) and context chats (about an outside object),
// including racing opens.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { users } from "@/server/db/schema";
import { addAdminToOpenSupportChats } from "@/server/services/chats/support";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("chats.openSupport with no admin", () => {
  test("says plainly that nobody could answer, and opens no chat", async () => {
    const empty = await createTestWorld();
    try {
      const user = await empty.signUp();
      const refused = await refusal(user.api.chats.openSupport({ subject: "Anyone?", initialMessage: "Hello?" }));
      expect(refused).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no admin") });
      expect((await user.api.chats.list({ type: "support" })).items).toEqual([]);

      // The only admin has nobody else to write to either.
      const lone = await empty.makeAdmin(await empty.signUp());
      expect((await refusal(lone.api.chats.openSupport())).code).toBe("NOT_FOUND");

      // With an admin, Help opens; the chat stays mine to read if the admins go.
      const chat = await user.api.chats.openSupport({ subject: "Anyone?" });
      expect(chat.memberCount).toBe(2);
      await empty.db.update(users).set({ role: "user" }).where(eq(users.id, lone.user.id));
      expect((await user.api.chats.openSupport()).id).toBe(chat.id);
    } finally {
      await empty.close();
    }
  });
});

describe("chats.openSupport", () => {
  test("opens one chat with every admin in it; the first message is mine; admins list it by type", async () => {
    const admin = await world.makeAdmin(await world.signUp());
    const user = await world.signUp({ firstName: "Dana", lastName: "Novak" });
    const chat = await user.api.chats.openSupport({ subject: "Cannot upload", initialMessage: "Uploads fail" });
    expect(chat).toMatchObject({ type: "support", title: "Support", subject: "Cannot upload", memberCount: 2 });
    expect(chat.lastMessage).toMatchObject({ kind: "text", content: "Uploads fail", senderId: user.user.id });

    // Opening again returns the same chat and posts nothing twice.
    const again = await user.api.chats.openSupport({ initialMessage: "Uploads fail" });
    expect(again.id).toBe(chat.id);
    expect((await user.api.messages.list({ chatId: chat.id })).items).toHaveLength(1);

    const queue = await admin.api.chats.list({ type: "support" });
    const seen = queue.items.find((c) => c.id === chat.id);
    expect(seen).toMatchObject({ myRole: "admin", title: "Support: Dana Novak — Cannot upload", unreadCount: 1 });
    await admin.api.messages.send({ chatId: chat.id, content: "Looking into it" });
    expect((await user.api.messages.list({ chatId: chat.id })).items[0]!.content).toBe("Looking into it");
    // Not a group: nobody manages its members through the group procedures.
    expect((await refusal(admin.api.chats.leave({ chatId: chat.id }))).code).toBe("BAD_REQUEST");
  });

  test("two opens at the same instant make one chat", async () => {
    const user = await world.signUp();
    const opened = await Promise.all([
      user.api.chats.openSupport({ subject: "A" }),
      user.api.chats.openSupport({ subject: "B" }),
      user.api.chats.openSupport(),
    ]);
    expect(new Set(opened.map((c) => c.id)).size).toBe(1);
    expect((await user.api.chats.list({ type: "support" })).items).toHaveLength(1);
  });

  test("someone who becomes an admin later joins every open support chat", async () => {
    const user = await world.signUp();
    const chat = await user.api.chats.openSupport({ initialMessage: "Hello?" });
    const later = await world.makeAdmin(await world.signUp());
    await world.db.transaction((tx) => addAdminToOpenSupportChats(tx, later.user.id));
    await world.db.transaction((tx) => addAdminToOpenSupportChats(tx, later.user.id));
    const info = await later.api.chats.info({ chatId: chat.id });
    expect(info.myRole).toBe("admin");
    expect(info.unreadCount).toBe(0);
    expect((await later.api.messages.list({ chatId: chat.id })).items.map((m) => m.content)).toEqual(["Hello?"]);
  });

  test("bounds are field errors", async () => {
    const user = await world.signUp();
    const error = await refusal(user.api.chats.openSupport({ subject: "s".repeat(201), initialMessage: "m".repeat(4001) }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.subject).toEqual(["Subject must be at most 200 characters"]);
    expect(error.fieldErrors?.initialMessage).toEqual(["Message must be at most 4000 characters"]);
  });
});

describe("chats.openContext", () => {
  test("the same object and people give the same chat, whoever opens it; other people or objects another", async () => {
    const [buyer, seller, agent] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const input = { contextType: "purchase_request", contextId: "123", memberIds: [seller.user.id] };
    const chat = await buyer.api.chats.openContext(input);
    expect(chat).toMatchObject({
      type: "context",
      title: "Purchase request #123",
      context: { type: "purchase_request", id: "123" },
      memberCount: 2,
    });
    expect((await seller.api.chats.openContext({ ...input, memberIds: [buyer.user.id, seller.user.id] })).id).toBe(chat.id);
    const withAgent = await buyer.api.chats.openContext({ ...input, memberIds: [seller.user.id, agent.user.id] });
    expect(withAgent.id).not.toBe(chat.id);
    const otherObject = await buyer.api.chats.openContext({ ...input, contextId: "124" });
    expect(otherObject.id).not.toBe(chat.id);
    expect((await buyer.api.chats.list({ type: "context" })).items).toHaveLength(3);
    expect((await refusal(agent.api.chats.info({ chatId: chat.id }))).code).toBe("NOT_FOUND");
  });

  test("racing opens make one chat", async () => {
    const [a, b] = [await world.signUp(), await world.signUp()];
    const opened = await Promise.all([
      a.api.chats.openContext({ contextType: "listing", contextId: "flat-9", memberIds: [b.user.id] }),
      b.api.chats.openContext({ contextType: "listing", contextId: "flat-9", memberIds: [a.user.id] }),
      a.api.chats.openContext({ contextType: "listing", contextId: "flat-9", memberIds: [b.user.id] }),
    ]);
    expect(new Set(opened.map((c) => c.id)).size).toBe(1);
  });

  test("refuses malformed types and ids with field errors, and unknown people", async () => {
    const a = await world.signUp();
    const error = await refusal(a.api.chats.openContext({ contextType: "Bad Type", contextId: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.contextType?.[0]).toMatch(/^Context type must be/);
    expect(error.fieldErrors?.contextId).toEqual(["Context id is required"]);
    expect((await refusal(a.api.chats.openContext({ contextType: "x", contextId: "1", memberIds: ["ghost"] }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

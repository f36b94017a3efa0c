// Disappearing messages, the chat's side: who may set the timer, the line it leaves, and the
// expiry that messages sent under it (or with their own time) carry.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { messages } from "@/server/db/schema";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

describe("chats.setDisappearing", () => {
  test("either person of a direct chat sets it; both see it, with a line saying who did", async () => {
    const { a, b, chatId } = await world.directChat();
    const stream = await world.listen(a.token);
    const info = await b.api.chats.setDisappearing({ chatId, seconds: 3600 });
    expect(info.disappearingSeconds).toBe(3600);
    expect((await a.api.chats.info({ chatId })).disappearingSeconds).toBe(3600);
    const [line] = (await a.api.messages.list({ chatId })).items;
    expect(line).toMatchObject({ kind: "system", content: `${b.user.firstName} ${b.user.lastName} set disappearing messages to 1 hour` });
    // The line itself stays: it is the chat's record.
    expect(line!.expiresAt).toBeNull();
    const events = await stream.until((es) => es.some((e) => e.type === "chat:updated"));
    expect(events.find((e) => e.type === "chat:updated")?.data).toEqual({ chatId, action: "disappearing" });
    await stream.stop();

    await a.api.chats.setDisappearing({ chatId, seconds: null });
    const [off] = (await b.api.messages.list({ chatId })).items;
    expect(off!.content).toBe(`${a.user.firstName} ${a.user.lastName} turned off disappearing messages`);
    expect((await b.api.chats.list()).items.find((c) => c.id === chatId)?.disappearingSeconds).toBeNull();
  });

  test("in a group the owner and admins set it; a plain member is FORBIDDEN, an outsider NOT_FOUND", async () => {
    const [owner, admin, member, outsider] = [await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [admin, member]);
    await owner.api.chats.setMemberRole({ chatId, userId: admin.user.id, role: "admin" });
    expect((await refusal(member.api.chats.setDisappearing({ chatId, seconds: 30 }))).code).toBe("FORBIDDEN");
    expect((await refusal(outsider.api.chats.setDisappearing({ chatId, seconds: 30 }))).code).toBe("NOT_FOUND");
    expect((await admin.api.chats.setDisappearing({ chatId, seconds: 300 })).disappearingSeconds).toBe(300);
    expect((await owner.api.chats.setDisappearing({ chatId, seconds: 604_800 })).disappearingSeconds).toBe(604_800);
    expect((await member.api.chats.info({ chatId })).disappearingSeconds).toBe(604_800);
  });

  test("only the listed timers are accepted; setting the same one again leaves no second line", async () => {
    const { a, chatId } = await world.directChat();
    for (const seconds of [0, 31, -30, 1.5, 3_000_000]) {
      expect((await refusal(a.api.chats.setDisappearing({ chatId, seconds }))).code).toBe("BAD_REQUEST");
    }
    await a.api.chats.setDisappearing({ chatId, seconds: 86_400 });
    await a.api.chats.setDisappearing({ chatId, seconds: 86_400 });
    const lines = (await a.api.messages.list({ chatId })).items.filter((m) => m.kind === "system");
    expect(lines.map((m) => m.content)).toEqual([`${a.user.firstName} ${a.user.lastName} set disappearing messages to 1 day`]);
  });
});

describe("messages sent under the timer", () => {
  test("carry their expiry, in the reply, live, in history and in the database, on every send path", async () => {
    const { a, b, chatId } = await world.directChat();
    await a.api.chats.setDisappearing({ chatId, seconds: 300 });
    const stream = await world.listen(b.token);
    const text = await a.api.messages.send({ chatId, content: "gone in five" });
    expect(secondsBetween(text.createdAt, text.expiresAt!)).toBe(300);
    const photo = await world.fileOf(a, { kind: "image" });
    const withFile = await a.api.messages.send({ chatId, attachments: [photo.id] });
    expect(secondsBetween(withFile.createdAt, withFile.expiresAt!)).toBe(300);
    const events = await stream.until((es) => es.filter((e) => e.type === "message:new").length === 2);
    const live = events.flatMap((e) => (e.type === "message:new" ? [e.data.message] : []));
    expect(live.map((m) => m.expiresAt)).toEqual([text.expiresAt, withFile.expiresAt]);
    await stream.stop();
    const history = (await b.api.messages.list({ chatId })).items;
    expect(history.find((m) => m.id === text.id)?.expiresAt).toBe(text.expiresAt);
    const [row] = await world.db.select({ expiresAt: messages.expiresAt }).from(messages).where(eq(messages.id, text.id));
    expect(row!.expiresAt!.toISOString()).toBe(text.expiresAt);

    await a.api.chats.setDisappearing({ chatId, seconds: null });
    expect((await a.api.messages.send({ chatId, content: "stays" })).expiresAt).toBeNull();
  });

  test("a message's own expiresInSec overrides the chat's timer, within 5 seconds to 4 weeks", async () => {
    const { a, chatId } = await world.directChat();
    const own = await a.api.messages.send({ chatId, content: "just this one", expiresInSec: 10 });
    expect(secondsBetween(own.createdAt, own.expiresAt!)).toBe(10);
    await a.api.chats.setDisappearing({ chatId, seconds: 3600 });
    const shorter = await a.api.messages.send({ chatId, content: "sooner", expiresInSec: 5 });
    expect(secondsBetween(shorter.createdAt, shorter.expiresAt!)).toBe(5);
    const longest = await a.api.messages.send({ chatId, content: "latest", expiresInSec: 2_419_200 });
    expect(secondsBetween(longest.createdAt, longest.expiresAt!)).toBe(2_419_200);
    for (const expiresInSec of [4, 0, 2_419_201, 7.5]) {
      const error = await refusal(a.api.messages.send({ chatId, content: "no", expiresInSec }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors?.expiresInSec).toBeTruthy();
    }
  });
});

// Typing indicators: the other members see a start and a stop; refreshing while typing is not
// news; an indicator nobody refreshes stops by itself.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { brief, createTestWorld, type ReceivedEvent, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const typingOnly = (events: ReceivedEvent[]) => events.filter((e) => e.type.startsWith("typing:")).map(brief);
const hasStop = (userId: string) => (events: ReceivedEvent[]) =>
  events.some((e) => e.type === "typing:stop" && e.data.userId === userId);

describe("chats.setTyping", () => {
  test("the other member sees start and stop; the typer is not told about themselves", async () => {
    const { a, b, chatId } = await world.directChat();
    const [streamA, streamB] = [await world.listen(a.token), await world.listen(b.token)];

    expect(await a.api.chats.setTyping({ chatId, typing: true })).toMatchObject({ typing: true });
    // Refreshing while still typing does not announce it again.
    await a.api.chats.setTyping({ chatId, typing: true });
    await a.api.chats.setTyping({ chatId, typing: true });
    expect(await a.api.chats.setTyping({ chatId, typing: false })).toEqual({ typing: false, expiresAt: null });
    // Stopping again is not news either.
    await a.api.chats.setTyping({ chatId, typing: false });

    const eventsB = await streamB.until(hasStop(a.user.id), "a's typing to stop");
    // b typing back is the marker: a has heard everything published before it. Neither hears
    // their own indicator.
    await b.api.chats.setTyping({ chatId, typing: true });
    await b.api.chats.setTyping({ chatId, typing: false });
    const eventsA = await streamA.until(hasStop(b.user.id), "b's typing to stop");
    await Promise.all([streamA.stop(), streamB.stop()]);

    expect(typingOnly(eventsB)).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);
    expect(eventsB[0]).toMatchObject({ type: "typing:start", data: { chatId, userId: a.user.id } });
    expect(typingOnly(eventsA)).toEqual([`typing:start:${b.user.id}`, `typing:stop:${b.user.id}`]);
  });

  test("sending a message ends the sender's typing at once, right after the message", async () => {
    const { a, b, chatId } = await world.directChat();
    const streamB = await world.listen(b.token);
    await a.api.chats.setTyping({ chatId, typing: true });
    await a.api.messages.send({ chatId, content: "done typing" });
    const events = await streamB.until(hasStop(a.user.id), "the indicator to stop");
    await streamB.stop();
    const order = events.filter((e) => e.type.startsWith("typing:") || e.type === "message:new").map(brief);
    expect(order).toEqual([`typing:start:${a.user.id}`, "new:done typing", `typing:stop:${a.user.id}`]);
    // Nothing is left running: typing again is a fresh start.
    const again = await world.listen(b.token);
    await a.api.chats.setTyping({ chatId, typing: true });
    await again.until((es) => es.some((e) => e.type === "typing:start"), "a new start");
    await a.api.chats.setTyping({ chatId, typing: false });
    await again.stop();
  });

  test("an indicator that is not refreshed stops by itself", async () => {
    const { a, b, chatId } = await world.directChat();
    const streamB = await world.listen(b.token);
    const started = await a.api.chats.setTyping({ chatId, typing: true });
    expect(Date.parse(started.expiresAt!)).toBeGreaterThan(Date.now());

    const events = await streamB.until(hasStop(a.user.id), "the indicator to expire");
    await streamB.stop();
    expect(typingOnly(events)).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);
    // Typing again after it expired is a new start.
    const again = await world.listen(b.token);
    await a.api.chats.setTyping({ chatId, typing: true });
    await again.until((es) => es.some((e) => e.type === "typing:start"));
    await a.api.chats.setTyping({ chatId, typing: false });
    expect(typingOnly(await again.until(hasStop(a.user.id)))).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);
    await again.stop();
  });

  test("someone outside the chat is NOT_FOUND, and the members hear nothing", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const streamB = await world.listen(b.token);
    expect((await refusal(outsider.api.chats.setTyping({ chatId, typing: true }))).code).toBe("NOT_FOUND");
    // a's own typing is the marker: b has heard everything published before it.
    await a.api.chats.setTyping({ chatId, typing: true });
    await a.api.chats.setTyping({ chatId, typing: false });
    const events = await streamB.until(hasStop(a.user.id));
    await streamB.stop();
    expect(events.map(brief)).toEqual([`typing:start:${a.user.id}`, `typing:stop:${a.user.id}`]);
  });
});

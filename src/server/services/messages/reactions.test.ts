// Emoji reactions: the server's list, adding (idempotent) and removing my own, how a message
// shows them to each viewer, and the live events.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { env, parseEnv } from "@/env";
import { brief, createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** A direct chat with one message from `a` to react to. */
async function messageToReactTo() {
  const chat = await world.directChat();
  const message = await chat.a.api.messages.send({ chatId: chat.chatId, content: "good news!" });
  return { ...chat, message };
}

describe("the instance's reactions (REACTIONS, REACTIONS_ANY_EMOJI)", () => {
  const secret = "x".repeat(32);
  test("a quick row of its own, in order; anything but emoji is refused at start", () => {
    expect(parseEnv({ AUTH_SECRET: secret, REACTIONS: " 🦄, 👍🏽 ,🦄,🏳️‍🌈", REACTIONS_ANY_EMOJI: "false" })).toMatchObject({
      REACTIONS: ["🦄", "👍🏽", "🏳️‍🌈"],
      REACTIONS_ANY_EMOJI: false,
    });
    for (const bad of ["👍,like", ",", "👍👍"]) expect(() => parseEnv({ AUTH_SECRET: secret, REACTIONS: bad }), bad).toThrow(/REACTIONS/);
    expect(() => parseEnv({ AUTH_SECRET: secret, REACTIONS_ANY_EMOJI: "yes" })).toThrow(/REACTIONS_ANY_EMOJI/);
  });
});

describe("reactions.available", () => {
  test("offers the common reactions first, and any other emoji besides", async () => {
    const { a } = await world.directChat();
    const { quick, anyEmoji } = await a.api.reactions.available();
    expect(quick.slice(0, 3)).toEqual(["👍", "❤️", "😂"]);
    expect(quick).toEqual(expect.arrayContaining(["😮", "😢", "🙏", "🔥", "🎉", "👎", "👏"]));
    expect(new Set(quick).size).toBe(quick.length);
    expect(anyEmoji).toBe(true);
  });
});

describe("reactions.add", () => {
  test("returns the reaction; anything but one emoji is a BAD_REQUEST", async () => {
    const { a, b, message } = await messageToReactTo();
    const reaction = await b.api.reactions.add({ messageId: message.id, emoji: "🎉" });
    expect(reaction).toEqual({ id: expect.any(String), emoji: "🎉", userId: b.user.id });

    for (const emoji of ["", "like", "👍👍", "🦄 ", "❤", "a🔥", "🇫", "👍🏽🏽", "\u200d", "x".repeat(100)]) {
      const error = await refusal(b.api.reactions.add({ messageId: message.id, emoji }));
      expect(error.code, emoji).toBe("BAD_REQUEST");
      expect(error.fieldErrors, emoji).toHaveProperty("emoji");
    }
    expect((await a.api.messages.byId({ messageId: message.id })).reactions.map((r) => r.emoji)).toEqual(["🎉"]);
  });

  test("any single emoji is accepted: skin tones, ZWJ sequences, flags, keycaps", async () => {
    const { a, b, message } = await messageToReactTo();
    const emoji = ["🦄", "👍🏽", "👩‍💻", "🧑🏿‍🤝‍🧑🏻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "🫩"];
    for (const e of emoji) await b.api.reactions.add({ messageId: message.id, emoji: e });
    const seen = (await a.api.messages.byId({ messageId: message.id })).reactions.map((r) => r.emoji);
    expect(seen.toSorted()).toEqual(emoji.toSorted());
  });

  test("an instance that takes only its quick row refuses other emoji", async () => {
    const { b, message } = await messageToReactTo();
    const settings = env();
    const saved = { REACTIONS: settings.REACTIONS, REACTIONS_ANY_EMOJI: settings.REACTIONS_ANY_EMOJI };
    Object.assign(settings, { REACTIONS: ["👍", "🦄"], REACTIONS_ANY_EMOJI: false });
    try {
      expect(await b.api.reactions.available()).toEqual({ quick: ["👍", "🦄"], anyEmoji: false });
      expect((await b.api.reactions.add({ messageId: message.id, emoji: "🦄" })).emoji).toBe("🦄");
      const error = await refusal(b.api.reactions.add({ messageId: message.id, emoji: "🔥" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors).toHaveProperty("emoji");
    } finally {
      Object.assign(settings, saved);
    }
  });

  test("adding the same reaction again returns it unchanged and counts once", async () => {
    const { a, b, message } = await messageToReactTo();
    const first = await b.api.reactions.add({ messageId: message.id, emoji: "❤️" });
    const again = await b.api.reactions.add({ messageId: message.id, emoji: "❤️" });
    expect(again).toEqual(first);
    // Also when the retries race each other.
    const raced = await Promise.all([1, 2, 3].map(() => b.api.reactions.add({ messageId: message.id, emoji: "👏" })));
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    expect((await a.api.messages.byId({ messageId: message.id })).reactions).toMatchObject([
      { emoji: "❤️", count: 1, userIds: [b.user.id] },
      { emoji: "👏", count: 1, userIds: [b.user.id] },
    ]);
  });

  test("messages show reactions grouped per emoji, with the viewer's own marked", async () => {
    const { a, b, chatId, message } = await messageToReactTo();
    const c = await world.signUp();
    const mineA = await a.api.reactions.add({ messageId: message.id, emoji: "👍" });
    const mineB = await b.api.reactions.add({ messageId: message.id, emoji: "👍" });
    const fire = await b.api.reactions.add({ messageId: message.id, emoji: "🔥" });

    const [seenByA] = (await a.api.messages.list({ chatId })).items;
    expect(seenByA!.reactions).toEqual([
      { emoji: "👍", count: 2, userIds: [a.user.id, b.user.id], reactedByMe: true, myReactionId: mineA.id },
      { emoji: "🔥", count: 1, userIds: [b.user.id], reactedByMe: false, myReactionId: null },
    ]);
    const [seenByB] = (await b.api.messages.list({ chatId })).items;
    expect(seenByB!.reactions).toEqual([
      { emoji: "👍", count: 2, userIds: [a.user.id, b.user.id], reactedByMe: true, myReactionId: mineB.id },
      { emoji: "🔥", count: 1, userIds: [b.user.id], reactedByMe: true, myReactionId: fire.id },
    ]);
    // Someone outside the chat cannot react.
    expect((await refusal(c.api.reactions.add({ messageId: message.id, emoji: "👎" }))).code).toBe("NOT_FOUND");
  });
});

describe("reactions.remove", () => {
  test("removes my own reaction; someone else's is FORBIDDEN; an unknown one is NOT_FOUND", async () => {
    const { a, b, message } = await messageToReactTo();
    const mine = await a.api.reactions.add({ messageId: message.id, emoji: "😮" });
    const theirs = await b.api.reactions.add({ messageId: message.id, emoji: "😮" });

    expect((await refusal(a.api.reactions.remove({ messageId: message.id, reactionId: theirs.id }))).code).toBe("FORBIDDEN");
    const unknown = await refusal(a.api.reactions.remove({ messageId: message.id, reactionId: "no-such-reaction" }));
    expect(unknown.code).toBe("NOT_FOUND");

    expect(await a.api.reactions.remove({ messageId: message.id, reactionId: mine.id })).toEqual(mine);
    expect((await b.api.messages.byId({ messageId: message.id })).reactions).toEqual([
      { emoji: "😮", count: 1, userIds: [b.user.id], reactedByMe: true, myReactionId: theirs.id },
    ]);
    // Removing it twice: it is gone.
    expect((await refusal(a.api.reactions.remove({ messageId: message.id, reactionId: mine.id }))).code).toBe("NOT_FOUND");
  });
});

describe("live reaction events", () => {
  test("the other member hears reaction:new and reaction:removed; a repeated add is not news", async () => {
    const { a, b, chatId, message } = await messageToReactTo();
    const stream = await world.listen(a.token);
    const reaction = await b.api.reactions.add({ messageId: message.id, emoji: "🙏" });
    await b.api.reactions.add({ messageId: message.id, emoji: "🙏" });
    await b.api.reactions.remove({ messageId: message.id, reactionId: reaction.id });

    const events = await stream.until((es) => es.some((e) => e.type === "reaction:removed"));
    await stream.stop();
    expect(events.map(brief)).toEqual([`reaction:+🙏:${b.user.id}`, `reaction:-🙏:${b.user.id}`]);
    expect(events[0]).toMatchObject({ type: "reaction:new", data: { chatId, messageId: message.id, reaction } });
    expect(events[1]).toMatchObject({ type: "reaction:removed", data: { chatId, messageId: message.id, reaction } });
  });
});

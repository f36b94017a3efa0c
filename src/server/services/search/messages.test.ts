// messages.search: what I can see and nothing else, every operator, any script, snippets
// that are text, paging, counts in one chat.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { messages } from "@/server/db/schema";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const contents = async (person: TestUser, q: string, extra: { chatId?: string } = {}) =>
  (await person.api.messages.search({ q, ...extra })).items.map((hit) => hit.message.content);

/** Sends each text in turn and returns their ids. */
async function say(person: TestUser, chatId: string, ...texts: string[]) {
  const ids: string[] = [];
  for (const content of texts) ids.push((await person.api.messages.send({ chatId, content })).id);
  return ids;
}

describe("messages.search: who sees what", () => {
  test("an outsider never sees a match from a chat they are not in, not even through chatId", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    await say(a, chatId, "the zebra crossing at noon");
    expect(await contents(b, "zebra")).toEqual(["the zebra crossing at noon"]);
    expect(await contents(outsider, "zebra")).toEqual([]);
    expect((await refusal(outsider.api.messages.search({ q: "zebra", chatId }))).code).toBe("NOT_FOUND");
  });

  test("hidden for me, deleted for everyone and expired messages are not found; an edit is found by its new text only", async () => {
    const { a, b, chatId } = await world.directChat();
    const [hidden, deleted, edited, expired] = await say(a, chatId, "quokka one", "quokka two", "quokka three", "quokka four");
    await b.api.messages.delete({ messageId: hidden!, scope: "me" });
    await a.api.messages.delete({ messageId: deleted!, scope: "everyone" });
    await a.api.messages.edit({ messageId: edited!, content: "wombat now" });
    // Its timer ran out; the expiry job has not come round yet.
    await world.db.update(messages).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(messages.id, expired!));

    expect(await contents(b, "quokka")).toEqual([]);
    expect(await contents(a, "quokka")).toEqual(["quokka one"]);
    expect(await contents(b, "wombat")).toEqual(["wombat now"]);
  });

  test("system lines are not searched", async () => {
    const owner = await world.signUp();
    const member = await world.signUp();
    await world.group(owner, [member], "Aardvark society");
    expect(await contents(owner, "aardvark")).toEqual([]);
  });
});

describe("messages.search: matching", () => {
  test("any case, accents folded both ways, and pieces of words", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "Such a naïve idea", "CAFÉ au lait", "an unbelievable story");
    expect(await contents(a, "naive")).toEqual(["Such a naïve idea"]);
    expect(await contents(a, "NAÏVE")).toEqual(["Such a naïve idea"]);
    expect(await contents(a, "cafe")).toEqual(["CAFÉ au lait"]);
    expect(await contents(a, "believ")).toEqual(["an unbelievable story"]);
  });

  test("Cyrillic, German and CJK text is found by a substring", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "Привет, как дела?", "Die Größe der Straße", "東京タワーに行きました", "今日は良い天気ですね");
    expect(await contents(a, "привет")).toEqual(["Привет, как дела?"]);
    expect(await contents(a, "КАК ДЕЛ")).toEqual(["Привет, как дела?"]);
    expect(await contents(a, "größe")).toEqual(["Die Größe der Straße"]);
    expect(await contents(a, "タワー")).toEqual(["東京タワーに行きました"]);
    expect(await contents(a, "良い天気")).toEqual(["今日は良い天気ですね"]);
    expect(await contents(a, "天気です")).toEqual(["今日は良い天気ですね"]);
    // Two characters, one: no trigram, found by the characters' positions.
    expect(await contents(a, "東京")).toEqual(["東京タワーに行きました"]);
    expect(await contents(a, "天気")).toEqual(["今日は良い天気ですね"]);
    expect(await contents(a, "京")).toEqual(["東京タワーに行きました"]);
    expect(await contents(a, "京東")).toEqual([]);
    expect(await contents(a, '"良い天気"')).toEqual(["今日は良い天気ですね"]);
  });

  test("every word must occur; a short word matches the start of a word", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "red apples and green pears", "red cars", "ok then", "a book");
    expect(await contents(a, "red pears")).toEqual(["red apples and green pears"]);
    expect(await contents(a, "ok")).toEqual(["ok then"]);
  });

  test('"exact phrase" keeps its words together and in order, across punctuation', async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "see you, later alligator", "you will see", "see   you soon");
    expect(await contents(a, '"see you"')).toEqual(["see   you soon", "see you, later alligator"]);
    expect(await contents(a, '"you later"')).toEqual(["see you, later alligator"]);
    expect(await contents(a, '"you see"')).toEqual([]);
  });

  test("-word excludes", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "lunch with tapas", "lunch with pizza");
    expect(await contents(a, "lunch -pizza")).toEqual(["lunch with tapas"]);
    expect(await contents(a, "lunch -Tapas -pizza")).toEqual([]);
  });

  test("wildcards and quotes in the text are taken literally; unknown operators are words", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "100% sure", "100 percent", "ratio 10:1 wins", "color:blue please", "it's o'clock");
    expect(await contents(a, "100%")).toEqual(["100% sure"]);
    expect(await contents(a, "_")).toEqual([]);
    expect(await contents(a, "color:blue")).toEqual(["color:blue please"]);
    expect(await contents(a, "ratio 10:1")).toEqual(["ratio 10:1 wins"]);
    expect(await contents(a, "o'clock")).toEqual(["it's o'clock"]);
    expect(await contents(a, "it's")).toEqual(["it's o'clock"]);
    expect(await contents(a, "before:yesterday sure")).toEqual([]);
  });
});

describe("messages.search: the last week and everything before", () => {
  test("a message finds the same words whether the week's rows or the text indexes are read", async () => {
    const { a, chatId } = await world.directChat();
    await say(a, chatId, "Such a naïve idea", "Привет, как дела?", "東京タワーに行きました", "see you, later alligator", "ok then", "100% sure", "lunch with pizza");
    await say(a, chatId, "Send an E-mail to x_y@example.com, or see https://example.com/a_b");
    const queries = ["naive", "КАК ДЕЛ", "東京", "京", "タワー", '"see you"', '"you see"', "ok", "100%", "lunch -pizza", "ator", "zzz"];
    // Phrases whose words the text parser reads as one: a hyphenated word, an address, a link.
    queries.push('"e-mail to"', '"x_y@example.com"', '"example.com/a_b"', '"東京タワー"', "la");
    const now = await Promise.all(queries.map((q) => contents(a, q)));
    expect(now.filter((found) => found.length > 0)).toHaveLength(14);
    await world.db
      .update(messages)
      .set({ createdAt: sql`${messages.createdAt} - interval '30 days'` })
      .where(eq(messages.chatId, chatId));
    expect(await Promise.all(queries.map((q) => contents(a, q)))).toEqual(now);
  });
});

describe("messages.search: operators", () => {
  test("from:@username, from:me and in:chat", async () => {
    const ann = await world.signUp({ username: `ann_${Date.now() % 100000}`, firstName: "Ann" });
    const bob = await world.signUp({ firstName: "Bob" });
    const groupId = await world.group(ann, [bob], "Mountain Club");
    const direct = await ann.api.chats.openDirect({ userId: bob.user.id });
    await say(ann, groupId, "parcel from ann in the club");
    await say(bob, groupId, "parcel from bob in the club");
    await say(bob, direct.id, "parcel from bob, direct");

    expect(await contents(bob, `parcel from:@${ann.user.username.toUpperCase()}`)).toEqual(["parcel from ann in the club"]);
    expect(await contents(bob, "parcel from:me")).toEqual(["parcel from bob, direct", "parcel from bob in the club"]);
    expect(await contents(bob, "parcel from:@nobody_at_all")).toEqual([]);
    expect(await contents(bob, "parcel in:mountain")).toEqual(["parcel from bob in the club", "parcel from ann in the club"]);
    // As in the chat list's search: a chat goes by its title and by the other members' names.
    expect(await contents(bob, "parcel in:ann")).toEqual(["parcel from bob, direct", "parcel from bob in the club", "parcel from ann in the club"]);
    expect(await contents(ann, "parcel in:bob -club")).toEqual(["parcel from bob, direct"]);
    expect(await contents(bob, 'in:"mountain club" from:@' + ann.user.username)).toEqual(["parcel from ann in the club"]);
  });

  test("has:file, has:image, has:link", async () => {
    const { a, chatId } = await world.directChat();
    const image = await world.fileOf(a, { kind: "image" });
    const pdf = await world.fileOf(a, { kind: "document" });
    await a.api.messages.send({ chatId, kind: "attachment", content: "holiday photo", attachments: [image.id] });
    await a.api.messages.send({ chatId, kind: "attachment", content: "holiday plan", attachments: [pdf.id] });
    await say(a, chatId, "holiday site https://example.com/trip", "holiday at www.example.org", "holiday http:// nothing");
    expect(await contents(a, "holiday has:file")).toEqual(["holiday plan", "holiday photo"]);
    expect(await contents(a, "has:image")).toEqual(["holiday photo"]);
    expect(await contents(a, "holiday has:link")).toEqual(["holiday at www.example.org", "holiday site https://example.com/trip"]);
    // Not a kind we know: a word like any other.
    expect(await contents(a, "holiday has:sparkles")).toEqual([]);
  });

  test("before:, after: and on: a day, in the searcher's time zone", async () => {
    const { a, chatId } = await world.directChat();
    const [early, middle, late] = await say(a, chatId, "diary early", "diary middle", "diary late");
    const at = (id: string, when: string) => world.db.update(messages).set({ createdAt: new Date(when) }).where(eq(messages.id, id));
    await at(early!, "2026-03-01T10:00:00Z");
    await at(middle!, "2026-03-02T23:30:00Z");
    await at(late!, "2026-03-04T10:00:00Z");
    expect(await contents(a, "diary before:2026-03-02")).toEqual(["diary early"]);
    expect(await contents(a, "diary after:2026-03-02")).toEqual(["diary late"]);
    expect(await contents(a, "diary on:2026-03-02")).toEqual(["diary middle"]);
    // 23:30 UTC on the 2nd is already the 3rd two hours east of UTC.
    const east = await a.api.messages.search({ q: "diary on:2026-03-03", utcOffsetMinutes: 120 });
    expect(east.items.map((h) => h.message.content)).toEqual(["diary middle"]);
    // Not a date: searched as a word.
    expect(await contents(a, "diary on:2026-02-30")).toEqual([]);
  });
});

describe("messages.search: results", () => {
  test("a snippet is plain text parts around the match, marked", async () => {
    const { a, b, chatId } = await world.directChat();
    const long = `${"filler words ".repeat(30)}<script>alert("Naïve")</script> and then ${"more text ".repeat(30)}`;
    await say(a, chatId, long);
    const [hit] = (await a.api.messages.search({ q: "naive" })).items;
    const parts = hit!.snippet;
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["Naïve"]);
    const text = parts.map((p) => p.text).join("");
    expect(text).toContain('<script>alert("Naïve")</script>');
    expect(text.length).toBeLessThan(200);
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(hit!.chat).toMatchObject({ id: chatId, type: "direct", title: `${b.user.firstName} ${b.user.lastName}`, peerId: b.user.id });
    expect(hit!.message.senderId).toBe(a.user.id);
    expect(hit!.sender).toEqual({ id: a.user.id, username: a.user.username, firstName: a.user.firstName, lastName: a.user.lastName, avatarUrl: null });
  });

  test("newest first across chats, paged without repeats; by relevance whole words first", async () => {
    const owner = await world.signUp();
    const member = await world.signUp();
    const first = await world.group(owner, [member], "One");
    const second = await world.group(owner, [member], "Two");
    for (let i = 0; i < 5; i++) {
      await say(owner, first, `kestrel ${i} in one`);
      await say(owner, second, `kestrel ${i} in two`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof member.api.messages.search>> = await member.api.messages.search({ q: "kestrel", limit: 3, cursor });
      seen.push(...page.items.map((h) => h.message.content));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].flatMap((i) => [`kestrel ${i} in two`, `kestrel ${i} in one`]));

    await say(owner, first, "kestrels everywhere", "kestrel");
    const ranked = await member.api.messages.search({ q: "kestrel", order: "relevance", limit: 2 });
    expect(ranked.items[0]!.message.content).toBe("kestrel");
    const next = await member.api.messages.search({ q: "kestrel", order: "relevance", limit: 50, cursor: ranked.nextCursor });
    expect(next.items).toHaveLength(10);
  });

  test("newest first however far back, a page at a time", async () => {
    const { a, b, chatId } = await world.directChat();
    const ids = await say(a, chatId, "puffin 400 days", "puffin 60 days", "puffin 10 days", "puffin 3 days", "puffin now");
    const daysAgo = [400, 60, 10, 3];
    for (const [i, days] of daysAgo.entries()) {
      await world.db.update(messages).set({ createdAt: new Date(Date.now() - days * 86_400_000) }).where(eq(messages.id, ids[i]!));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof b.api.messages.search>> = await b.api.messages.search({ q: "puffin", limit: 2, cursor });
      seen.push(...page.items.map((h) => h.message.content));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["puffin now", "puffin 3 days", "puffin 10 days", "puffin 60 days", "puffin 400 days"]);
    expect((await b.api.messages.search({ q: "puffin", limit: 5 })).items).toHaveLength(5);
  });

  test("in one chat: counted, newest first, paged by position", async () => {
    const { a, b, chatId } = await world.directChat();
    const elsewhere = await world.directChat();
    await say(elsewhere.a, elsewhere.chatId, "heron elsewhere");
    await say(a, chatId, "heron 1", "heron 2", "heron 3");
    await say(b, chatId, "heron 4", "not this");
    const page = await a.api.messages.search({ q: "heron", chatId, limit: 3 });
    expect(page.total).toBe(4);
    expect(page.items.map((h) => h.message.content)).toEqual(["heron 4", "heron 3", "heron 2"]);
    const rest = await a.api.messages.search({ q: "heron", chatId, limit: 3, cursor: page.nextCursor });
    expect(rest).toMatchObject({ total: 4, nextCursor: null });
    expect(rest.items.map((h) => h.message.content)).toEqual(["heron 1"]);
    expect((await a.api.messages.search({ q: "heron" })).total).toBeNull();
  });

  test("bad input is refused in words; a cursor of another order is refused", async () => {
    const { a, chatId } = await world.directChat();
    expect((await refusal(a.api.messages.search({ q: "   " }))).fieldErrors?.q).toEqual(["Type something to search for"]);
    expect((await refusal(a.api.messages.search({ q: "x".repeat(201) }))).fieldErrors?.q).toEqual(["Search text must be at most 200 characters"]);
    await say(a, chatId, "egret 1", "egret 2");
    const page = await a.api.messages.search({ q: "egret", limit: 1 });
    expect((await refusal(a.api.messages.search({ q: "egret", chatId, cursor: page.nextCursor }))).code).toBe("BAD_REQUEST");
    // Only quotes: nothing to look for, nothing found.
    expect(await a.api.messages.search({ q: '""' })).toEqual({ items: [], nextCursor: null, total: null });
  });
});

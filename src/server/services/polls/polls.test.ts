// Polls: posting one as a message, voting (change, retract, multiple choice, quizzes),
// closing, who may see whose vote, and the counts every member hears live.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { brief, createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

/** A group of an owner and two members, with someone outside it. */
async function groupOfThree() {
  const [owner, b, c, outsider] = [await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp()];
  const chatId = await world.group(owner, [b, c]);
  return { owner, b, c, outsider, chatId };
}

async function pollIn(person: TestUser, chatId: string, extra: Record<string, unknown> = {}) {
  const message = await person.api.polls.create({ chatId, question: "Where shall we hike?", options: ["Alps", "Tatras", "Pyrenees"], ...extra });
  return { message, poll: message.poll! };
}

const votesOf = (view: { options: { votes: number }[] }) => view.options.map((o) => o.votes);

describe("polls.create", () => {
  test("posts a poll message that the chat list and history show like any message", async () => {
    const { owner, b, chatId } = await groupOfThree();
    const unread = async () => (await b.api.chats.list({})).items.find((chat) => chat.id === chatId)!.unreadCount;
    const unreadBefore = await unread();
    const { message, poll } = await pollIn(owner, chatId);
    expect(message).toMatchObject({ kind: "poll", content: "Where shall we hike?", senderId: owner.user.id, editableUntil: null });
    expect(poll).toMatchObject({
      question: "Where shall we hike?",
      multipleChoice: false,
      anonymous: false,
      quiz: false,
      totalVoters: 0,
      myChoice: [],
      closed: false,
      correctOptionId: null,
    });
    expect(poll.options.map((o) => [o.text, o.votes, o.percent])).toEqual([
      ["Alps", 0, 0],
      ["Tatras", 0, 0],
      ["Pyrenees", 0, 0],
    ]);
    const [listed] = (await b.api.chats.list({})).items.filter((chat) => chat.id === chatId);
    expect(listed).toMatchObject({ unreadCount: unreadBefore + 1, lastMessage: { id: message.id, kind: "poll" } });
    const [latest] = (await b.api.messages.list({ chatId })).items;
    expect(latest!.poll).toMatchObject({ id: poll.id, options: poll.options });
  });

  test("a retried create with the same client id is the same poll, once", async () => {
    const { owner, b, chatId } = await groupOfThree();
    const input = { chatId, question: "Retried?", options: ["Yes", "No"], clientId: "poll-retry-1" };
    const first = await owner.api.polls.create(input);
    const again = await owner.api.polls.create(input);
    expect(again.id).toBe(first.id);
    expect(again.poll!.id).toBe(first.poll!.id);
    const history = await b.api.messages.list({ chatId });
    expect(history.items.filter((m) => m.content === "Retried?")).toHaveLength(1);
  });

  test("refuses outsiders (NOT_FOUND) and bad polls (BAD_REQUEST)", async () => {
    const { owner, outsider, chatId } = await groupOfThree();
    expect((await refusal(pollIn(outsider, chatId))).code).toBe("NOT_FOUND");
    const bad: Record<string, unknown>[] = [
      { question: "" },
      { question: "x".repeat(301) },
      { options: ["Only one"] },
      { options: Array.from({ length: 11 }, (_, i) => `Option ${i}`) },
      { options: ["Same", "same"] },
      { options: ["Fine", ""] },
      { options: ["Fine", "y".repeat(101)] },
      { quiz: { correctOptionIndex: 3 } },
      { quiz: { correctOptionIndex: 0 }, multipleChoice: true },
      { quiz: { correctOptionIndex: 0, explanation: "z".repeat(201) } },
      { closesAt: new Date(Date.now() - 1000) },
    ];
    for (const extra of bad) {
      expect((await refusal(pollIn(owner, chatId, extra))).code, JSON.stringify(extra).slice(0, 80)).toBe("BAD_REQUEST");
    }
    expect((await owner.api.messages.list({ chatId })).items.filter((m) => m.kind === "poll")).toEqual([]);
  });
});

describe("polls.vote", () => {
  test("votes, changes the vote and retracts it; counts and percentages follow", async () => {
    const { owner, b, c, chatId } = await groupOfThree();
    const { poll } = await pollIn(owner, chatId);
    const [alps, tatras] = poll.options.map((o) => o.id);
    const mine = await b.api.polls.vote({ pollId: poll.id, optionIds: [alps!] });
    expect(mine).toMatchObject({ myChoice: [alps], totalVoters: 1 });
    await c.api.polls.vote({ pollId: poll.id, optionIds: [tatras!] });
    const changed = await b.api.polls.vote({ pollId: poll.id, optionIds: [tatras!] });
    expect(votesOf(changed)).toEqual([0, 2, 0]);
    expect(changed.options[1]!.percent).toBe(100);

    const retracted = await b.api.polls.vote({ pollId: poll.id, optionIds: [] });
    expect(retracted).toMatchObject({ myChoice: [], totalVoters: 1 });
    const seenByOwner = (await owner.api.messages.list({ chatId })).items[0]!.poll!;
    expect(seenByOwner).toMatchObject({ myChoice: [], totalVoters: 1 });
    expect(votesOf(seenByOwner)).toEqual([0, 1, 0]);
    expect((await c.api.messages.list({ chatId })).items[0]!.poll!.myChoice).toEqual([tatras]);
  });

  test("one option unless multiple choice; percentages are of the voters", async () => {
    const { owner, b, c, chatId } = await groupOfThree();
    const single = (await pollIn(owner, chatId)).poll;
    const two = single.options.slice(0, 2).map((o) => o.id);
    expect((await refusal(b.api.polls.vote({ pollId: single.id, optionIds: two }))).code).toBe("BAD_REQUEST");

    const multi = (await pollIn(owner, chatId, { multipleChoice: true })).poll;
    const [alps, tatras] = multi.options.map((o) => o.id);
    await b.api.polls.vote({ pollId: multi.id, optionIds: [alps!, tatras!] });
    const view = await c.api.polls.vote({ pollId: multi.id, optionIds: [alps!] });
    expect(view.totalVoters).toBe(2);
    expect(view.options.map((o) => o.percent)).toEqual([100, 50, 0]);
  });

  test("an option of another poll, or a closed poll, is a BAD_REQUEST; an outsider gets NOT_FOUND", async () => {
    const { owner, b, outsider, chatId } = await groupOfThree();
    const first = (await pollIn(owner, chatId)).poll;
    const second = (await pollIn(owner, chatId)).poll;
    const foreign = await refusal(b.api.polls.vote({ pollId: first.id, optionIds: [second.options[0]!.id] }));
    expect(foreign.code).toBe("BAD_REQUEST");
    expect((await refusal(outsider.api.polls.vote({ pollId: first.id, optionIds: [first.options[0]!.id] }))).code).toBe("NOT_FOUND");
    expect((await refusal(b.api.polls.vote({ pollId: "no-such-poll", optionIds: [] }))).code).toBe("NOT_FOUND");

    await owner.api.polls.close({ pollId: first.id });
    expect((await refusal(b.api.polls.vote({ pollId: first.id, optionIds: [first.options[0]!.id] }))).code).toBe("BAD_REQUEST");
    expect((await refusal(b.api.polls.vote({ pollId: first.id, optionIds: [] }))).code).toBe("BAD_REQUEST");
  });

  test("a poll closes by itself at its close time", async () => {
    const { owner, b, chatId } = await groupOfThree();
    const { poll } = await pollIn(owner, chatId, { closesAt: new Date(Date.now() + 400) });
    expect(poll.closed).toBe(false);
    await b.api.polls.vote({ pollId: poll.id, optionIds: [poll.options[0]!.id] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await refusal(b.api.polls.vote({ pollId: poll.id, optionIds: [] }))).code).toBe("BAD_REQUEST");
    const view = (await owner.api.messages.list({ chatId })).items[0]!.poll!;
    expect(view).toMatchObject({ closed: true, closedAt: null, totalVoters: 1 });
  });

  test("a quiz answer is final and shows whether it was right; others see the answer once it closes", async () => {
    const { owner, b, c, chatId } = await groupOfThree();
    const { poll } = await pollIn(owner, chatId, { quiz: { correctOptionIndex: 1, explanation: "The Tatras are closest" } });
    expect(poll).toMatchObject({ quiz: true, multipleChoice: false, correctOptionId: null, explanation: null });
    const [alps, tatras] = poll.options.map((o) => o.id);
    const answered = await b.api.polls.vote({ pollId: poll.id, optionIds: [alps!] });
    expect(answered).toMatchObject({ myChoice: [alps], correctOptionId: tatras, explanation: "The Tatras are closest" });
    expect((await refusal(b.api.polls.vote({ pollId: poll.id, optionIds: [tatras!] }))).code).toBe("BAD_REQUEST");
    expect((await refusal(b.api.polls.vote({ pollId: poll.id, optionIds: [] }))).code).toBe("BAD_REQUEST");
    // Repeating the same answer is harmless.
    expect((await b.api.polls.vote({ pollId: poll.id, optionIds: [alps!] })).myChoice).toEqual([alps]);

    expect((await c.api.messages.list({ chatId })).items[0]!.poll!.correctOptionId).toBeNull();
    await owner.api.polls.close({ pollId: poll.id });
    expect((await c.api.messages.list({ chatId })).items[0]!.poll).toMatchObject({ closed: true, correctOptionId: tatras });
  });

  test("fifty people voting at once are all counted", async () => {
    const owner = await world.signUp();
    const voters = await Promise.all(Array.from({ length: 50 }, () => world.signUp()));
    const chatId = await world.group(owner, voters);
    const { poll } = await pollIn(owner, chatId, { multipleChoice: true });
    const [alps, tatras] = poll.options.map((o) => o.id);
    await Promise.all(
      voters.map((voter, i) => voter.api.polls.vote({ pollId: poll.id, optionIds: i % 2 === 0 ? [alps!, tatras!] : [alps!] })),
    );
    const view = (await owner.api.messages.list({ chatId })).items[0]!.poll!;
    expect(view.totalVoters).toBe(50);
    expect(votesOf(view)).toEqual([50, 25, 0]);
  }, 60_000);
});

describe("polls.close", () => {
  test("by its creator or a chat admin; a plain member is FORBIDDEN; closing twice changes nothing", async () => {
    const { owner, b, c, outsider, chatId } = await groupOfThree();
    const byMember = (await pollIn(b, chatId)).poll;
    expect((await refusal(c.api.polls.close({ pollId: byMember.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(outsider.api.polls.close({ pollId: byMember.id }))).code).toBe("NOT_FOUND");
    const closed = await owner.api.polls.close({ pollId: byMember.id });
    expect(closed).toMatchObject({ closed: true, closedAt: expect.any(String) });
    expect(await owner.api.polls.close({ pollId: byMember.id })).toMatchObject({ closedAt: closed.closedAt });

    const byOwner = (await pollIn(owner, chatId)).poll;
    expect((await refusal(b.api.polls.close({ pollId: byOwner.id }))).code).toBe("FORBIDDEN");
    const mine = (await pollIn(c, chatId)).poll;
    expect((await c.api.polls.close({ pollId: mine.id })).closed).toBe(true);
  });
});

describe("who voted for what", () => {
  test("a public poll lists each option's voters to the chat's members, page by page", async () => {
    const { owner, b, c, outsider, chatId } = await groupOfThree();
    const { poll } = await pollIn(owner, chatId);
    const [alps, tatras] = poll.options.map((o) => o.id);
    await b.api.polls.vote({ pollId: poll.id, optionIds: [alps!] });
    await c.api.polls.vote({ pollId: poll.id, optionIds: [alps!] });
    await owner.api.polls.vote({ pollId: poll.id, optionIds: [tatras!] });

    const first = await owner.api.polls.voters({ pollId: poll.id, optionId: alps!, limit: 1 });
    const second = await owner.api.polls.voters({ pollId: poll.id, optionId: alps!, limit: 1, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((v) => v.user.id).sort()).toEqual([b.user.id, c.user.id].sort());
    expect((await b.api.polls.voters({ pollId: poll.id, optionId: tatras! })).items.map((v) => v.user.id)).toEqual([owner.user.id]);
    expect((await refusal(outsider.api.polls.voters({ pollId: poll.id, optionId: alps! }))).code).toBe("NOT_FOUND");
    const foreign = await refusal(owner.api.polls.voters({ pollId: poll.id, optionId: "not-an-option" }));
    expect(foreign.code).toBe("BAD_REQUEST");
  });

  test("an anonymous poll tells nobody: not its creator, not an admin, not the live stream", async () => {
    const { owner, b, c, chatId } = await groupOfThree();
    const admin = await world.makeAdmin(c);
    const { poll } = await pollIn(owner, chatId, { anonymous: true });
    const stream = await world.listen(owner.token);
    await b.api.polls.vote({ pollId: poll.id, optionIds: [poll.options[0]!.id] });
    const events = await stream.until((es) => es.some((e) => e.type === "poll:updated"));
    await stream.stop();

    for (const person of [owner, admin]) {
      const refused = await refusal(person.api.polls.voters({ pollId: poll.id, optionId: poll.options[0]!.id }));
      expect(refused.code).toBe("FORBIDDEN");
      const view = (await person.api.messages.list({ chatId })).items[0]!;
      expect(JSON.stringify(view)).not.toContain(b.user.id);
    }
    expect(JSON.stringify(events)).not.toContain(b.user.id);
    const adminView = await admin.api.admin.messages({});
    expect(JSON.stringify(adminView.items.filter((m: { id: string }) => m.id === poll.messageId))).not.toContain(b.user.id);
  });
});

describe("live poll events", () => {
  test("every member hears poll:updated with the counts on each vote and on closing", async () => {
    const { owner, b, c, chatId } = await groupOfThree();
    const { poll } = await pollIn(owner, chatId);
    const streams = await Promise.all([owner, c].map((person) => world.listen(person.token)));
    await b.api.polls.vote({ pollId: poll.id, optionIds: [poll.options[2]!.id] });
    await c.api.polls.vote({ pollId: poll.id, optionIds: [poll.options[2]!.id] });
    await owner.api.polls.close({ pollId: poll.id });
    for (const stream of streams) {
      const events = await stream.until((es) => es.some((e) => e.type === "poll:updated" && e.data.closed));
      await stream.stop();
      const updates = events.filter((e) => e.type === "poll:updated");
      expect(updates.map(brief)).toEqual(["poll:0/0/1", "poll:0/0/2", "poll:0/0/2:closed"]);
      // Each change is newer than the one before: a client keeps the highest it has seen.
      expect(updates.map((e) => e.data.revision)).toEqual([1, 2, 3]);
      expect(events.find((e) => e.type === "poll:updated")).toMatchObject({
        data: { chatId, messageId: poll.messageId, pollId: poll.id, totalVoters: 1, closed: false },
      });
    }
  });

  test("a poll deleted for everyone goes with its votes", async () => {
    const { owner, b, chatId } = await groupOfThree();
    const { message, poll } = await pollIn(owner, chatId);
    await b.api.polls.vote({ pollId: poll.id, optionIds: [poll.options[0]!.id] });
    await owner.api.messages.delete({ messageId: message.id, scope: "everyone" });
    expect((await b.api.messages.byId({ messageId: message.id })).poll).toBeNull();
    expect((await refusal(b.api.polls.vote({ pollId: poll.id, optionIds: [] }))).code).toBe("NOT_FOUND");
    expect((await refusal(b.api.messages.forward({ messageId: (await pollIn(owner, chatId)).message.id, toChatIds: [chatId] }))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

// Scheduled messages through the API: scheduling (messages.send with scheduledFor), listing,
// editing, cancelling and sending now, and that nobody but the author learns of one before
// its time.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";
import { sendDueScheduled } from "@/server/jobs/scheduled-sender";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const minutesAhead = (minutes: number) => new Date(Date.now() + minutes * 60_000);
/** The scheduler's round as it would run `minutes` from now. */
const runAt = (minutes: number) => sendDueScheduled(world.deps, () => minutesAhead(minutes));

describe("messages.send with scheduledFor", () => {
  test("stores an item only its author sees; other members get nothing until its time", async () => {
    const { a, b, chatId } = await world.directChat();
    const bStream = await world.listen(b.token);
    const aStream = await world.listen(a.token);
    const item = await a.api.messages.send({ chatId, content: "happy birthday", scheduledFor: minutesAhead(30) });
    expect(item).toMatchObject({ chatId, content: "happy birthday", senderId: a.user.id, seq: 0 });
    expect("schedule" in item && item.schedule.state).toBe("scheduled");

    await aStream.until((events) => events.some((e) => e.type === "scheduled:updated" && e.data.action === "created"));
    expect((await a.api.messages.list({ chatId })).items).toHaveLength(0);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(0);
    expect((await b.api.chats.list({})).items.find((c) => c.id === chatId)?.lastMessage ?? null).toBeNull();
    expect(await b.api.messages.scheduled({ chatId })).toEqual([]);
    expect((await a.api.messages.scheduled({ chatId })).map((s) => s.id)).toEqual([item.id]);

    // Not due yet: the scheduler leaves it.
    await runAt(29);
    expect(bStream.events).toEqual([]);
    expect(await a.api.messages.scheduled({ chatId })).toHaveLength(1);

    await runAt(31);
    const [arrived] = (await b.api.messages.list({ chatId })).items;
    expect(arrived).toMatchObject({ content: "happy birthday", senderId: a.user.id, seq: 1, clientId: item.clientId });
    expect(arrived!.scheduled).toMatchObject({ late: false });
    await bStream.until((events) => events.some((e) => e.type === "message:new"));
    expect(bStream.events.map((e) => e.type)).toEqual(["message:new"]);
    await aStream.until((events) => events.some((e) => e.type === "scheduled:updated" && e.data.action === "sent"));
    expect(await a.api.messages.scheduled({ chatId })).toEqual([]);
    // A second round finds nothing more to send.
    await runAt(60);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(1);
    await Promise.all([aStream.stop(), bStream.stop()]);
  });

  test("refuses a time under a minute ahead, in the past or over a year ahead", async () => {
    const { a, chatId } = await world.directChat();
    for (const scheduledFor of [new Date(Date.now() - 60_000), new Date(Date.now() + 30_000), new Date(Date.now() + 366 * 24 * 3600_000)]) {
      const error = await refusal(a.api.messages.send({ chatId, content: "when?", scheduledFor }));
      expect(error.code).toBe("BAD_REQUEST");
    }
    expect(await a.api.messages.scheduled({ chatId })).toEqual([]);
  });

  test("a chat I am not in does not exist for scheduling or listing", async () => {
    const { chatId, outsider } = await world.directChat();
    expect((await refusal(outsider.api.messages.send({ chatId, content: "sneaky", scheduledFor: minutesAhead(5) }))).code).toBe("NOT_FOUND");
    expect((await refusal(outsider.api.messages.scheduled({ chatId }))).code).toBe("NOT_FOUND");
  });

  test("a retried schedule with the same clientId is one item", async () => {
    const { a, chatId } = await world.directChat();
    const input = { chatId, content: "once", clientId: "sched-retry-1", scheduledFor: minutesAhead(10) };
    const [first, second] = await Promise.all([a.api.messages.send(input), a.api.messages.send(input)]);
    expect(second.id).toBe(first.id);
    expect(await a.api.messages.scheduled({ chatId })).toHaveLength(1);
  });

  test("replies and files may be scheduled; only my own uploads", async () => {
    const { a, b, chatId } = await world.directChat();
    const original = await b.api.messages.send({ chatId, content: "send me the photo" });
    const mine = await world.fileOf(a, { kind: "image" });
    const theirs = await world.fileOf(b, { kind: "image" });
    const refused = await refusal(a.api.messages.send({ chatId, attachments: [theirs.id], scheduledFor: minutesAhead(5) }));
    expect(refused.code).toBe("NOT_FOUND");
    const item = await a.api.messages.send({ chatId, attachments: [mine.id], content: "here", replyToId: original.id, scheduledFor: minutesAhead(5) });
    expect(item.attachments.map((f) => f.id)).toEqual([mine.id]);
    expect(item.replyTo?.id).toBe(original.id);
    await runAt(6);
    const [sent] = (await b.api.messages.list({ chatId })).items;
    expect(sent).toMatchObject({ kind: "attachment", content: "here", replyTo: { id: original.id } });
    expect(sent!.attachments.map((f) => f.id)).toEqual([mine.id]);
  });
});

describe("messages.scheduled", () => {
  test("lists mine soonest first, in one chat or all", async () => {
    const { a, b, chatId } = await world.directChat();
    const other = await a.api.chats.openDirect({ userId: (await world.signUp()).user.id });
    const later = await a.api.messages.send({ chatId, content: "later", scheduledFor: minutesAhead(50) });
    const sooner = await a.api.messages.send({ chatId, content: "sooner", scheduledFor: minutesAhead(20) });
    const elsewhere = await a.api.messages.send({ chatId: other.id, content: "elsewhere", scheduledFor: minutesAhead(30) });
    await b.api.messages.send({ chatId, content: "b's own", scheduledFor: minutesAhead(10) });
    expect((await a.api.messages.scheduled({ chatId })).map((s) => s.id)).toEqual([sooner.id, later.id]);
    expect((await a.api.messages.scheduled()).map((s) => s.id)).toEqual([sooner.id, elsewhere.id, later.id]);
  });
});

describe("messages.editScheduled, cancelScheduled, sendScheduledNow", () => {
  test("edit changes its text and time; cancel removes it", async () => {
    const { a, b, chatId } = await world.directChat();
    const item = await a.api.messages.send({ chatId, content: "draft", scheduledFor: minutesAhead(10) });
    const when = minutesAhead(90);
    const edited = await a.api.messages.editScheduled({ id: item.id, content: "final", scheduledFor: when });
    expect(edited).toMatchObject({ id: item.id, content: "final", schedule: { scheduledFor: when.toISOString(), state: "scheduled" } });
    expect((await refusal(a.api.messages.editScheduled({ id: item.id, scheduledFor: minutesAhead(-1) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(a.api.messages.editScheduled({ id: item.id, content: "  " }))).code).toBe("BAD_REQUEST");
    await runAt(30);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(0);

    expect(await a.api.messages.cancelScheduled({ id: item.id })).toEqual({ id: item.id });
    expect(await a.api.messages.scheduled({ chatId })).toEqual([]);
    await runAt(120);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(0);
    expect((await refusal(a.api.messages.cancelScheduled({ id: item.id }))).code).toBe("NOT_FOUND");
  });

  test("send now sends it at once as an ordinary message, once", async () => {
    const { a, b, chatId } = await world.directChat();
    const item = await a.api.messages.send({ chatId, content: "can't wait", scheduledFor: minutesAhead(60) });
    const sent = await a.api.messages.sendScheduledNow({ id: item.id });
    expect(sent).toMatchObject({ content: "can't wait", seq: 1, scheduled: null });
    expect((await b.api.messages.list({ chatId })).items.map((m) => m.id)).toEqual([sent.id]);
    expect(await a.api.messages.scheduled({ chatId })).toEqual([]);
    expect((await refusal(a.api.messages.sendScheduledNow({ id: item.id }))).code).toBe("NOT_FOUND");
    await runAt(61);
    expect((await b.api.messages.list({ chatId })).items).toHaveLength(1);
  });

  test("someone else's item does not exist for me", async () => {
    const { a, b, chatId } = await world.directChat();
    const item = await a.api.messages.send({ chatId, content: "mine", scheduledFor: minutesAhead(10) });
    // One at a time: a refusal started before the previous one is awaited would go unhandled.
    for (const call of [
      () => b.api.messages.editScheduled({ id: item.id, content: "hijacked" }),
      () => b.api.messages.cancelScheduled({ id: item.id }),
      () => b.api.messages.sendScheduledNow({ id: item.id }),
    ]) {
      expect((await refusal(call())).code).toBe("NOT_FOUND");
    }
    expect((await a.api.messages.scheduled({ chatId }))[0]).toMatchObject({ content: "mine" });
  });
});

describe("at its time", () => {
  test("an author who left the group is not sent for: the item stays, failed, with the reason", async () => {
    const [owner, leaver] = [await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [leaver]);
    const item = await leaver.api.messages.send({ chatId, content: "see you all", scheduledFor: minutesAhead(5) });
    await leaver.api.chats.leave({ chatId });
    const before = (await owner.api.messages.list({ chatId })).items.length;
    await runAt(6);
    expect((await owner.api.messages.list({ chatId })).items).toHaveLength(before);
    const [failed] = await leaver.api.messages.scheduled();
    expect(failed).toMatchObject({ id: item.id, schedule: { state: "failed", failureReason: expect.stringMatching(/no longer a member/) } });
  });
});

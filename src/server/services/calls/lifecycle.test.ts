// Calls through the API: every transition of a call and every refusal, the ring timeout (with
// a ring time of a fraction of a second), busy, signaling between the two parties only, the
// system line each finished call leaves, and the history.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { calls, messages } from "@/server/db/schema";
import { brief, createTestWorld, refusal, type LiveStream, type TestUser, type TestWorld } from "@/server/testing/harness";
import { clearCallTimers, setCallTimings } from "@/server/services/calls/runtime";
import { superviseCalls } from "@/server/services/calls/faults";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());
// Long enough never to run out during a test, unless a test shortens it.
beforeEach(() => setCallTimings(world.bus, { ringMs: 60_000 }));

const offer = { type: "offer" as const, sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" };

async function storedCall(callId: string) {
  const [row] = await world.db.select().from(calls).where(eq(calls.id, callId));
  return row!;
}

/** The system lines of a chat, oldest first, with the call each names. */
async function callLines(chatId: string) {
  return world.db
    .select({ content: messages.content, callId: messages.callId, kind: messages.kind })
    .from(messages)
    .where(eq(messages.chatId, chatId))
    .orderBy(messages.seq)
    .then((rows) => rows.filter((r) => r.kind === "system"));
}

const endedOf = (stream: LiveStream, callId: string) =>
  stream.until((events) => events.some((e) => e.type === "call:ended" && e.data.id === callId), `call:ended of ${callId}`);

describe("a call from ringing to its end", () => {
  test("initiate rings the other person only; answer tells the caller; end gives both the duration and a line in the chat", async () => {
    const { a, b, chatId } = await world.directChat();
    const [heardByA, heardByB] = [await world.listen(a.token), await world.listen(b.token)];

    const call = await a.api.calls.initiate({ chatId, type: "video" });
    expect(call).toMatchObject({ chatId, type: "video", status: "ringing", direction: "outgoing", initiatorId: a.user.id, calleeId: b.user.id });
    expect(call.peer.id).toBe(b.user.id);
    const incoming = await heardByB.until((es) => es.some((e) => e.type === "call:incoming"));
    expect(incoming.find((e) => e.type === "call:incoming")!.data).toMatchObject({
      id: call.id,
      chatId,
      type: "video",
      initiator: { id: a.user.id, firstName: a.user.firstName },
    });
    expect(await b.api.calls.current()).toMatchObject({ id: call.id, status: "ringing", direction: "incoming" });

    const answered = await b.api.calls.answer({ callId: call.id });
    expect(answered).toMatchObject({ status: "active", direction: "incoming" });
    expect(answered.answeredAt).not.toBeNull();
    await heardByA.until((es) => es.some((e) => e.type === "call:accepted" && e.data.id === call.id));

    // Three minutes and twelve seconds into the call.
    await world.db
      .update(calls)
      .set({ answeredAt: sql`now() - interval '192 seconds'` })
      .where(eq(calls.id, call.id));
    const ended = await a.api.calls.end({ callId: call.id });
    expect(ended).toMatchObject({ status: "ended", durationSec: 192 });
    for (const stream of [heardByA, heardByB]) {
      const events = await endedOf(stream, call.id);
      expect(events.find((e) => e.type === "call:ended")!.data).toEqual({ id: call.id, chatId, status: "ended", duration: 192 });
    }
    expect(await callLines(chatId)).toEqual([{ content: "Video call · 3:12", callId: call.id, kind: "system" }]);
    const history = await b.api.messages.list({ chatId });
    expect(history.items[0]).toMatchObject({ kind: "system", content: "Video call · 3:12" });
    expect(await a.api.calls.current()).toBeNull();

    // Only the callee heard the ring; nobody heard the other's signaling (there was none).
    expect(heardByA.events.map(brief)).not.toContain(`call:incoming:${call.id}`);
    await Promise.all([heardByA.stop(), heardByB.stop()]);
  });

  test("the person called declines: rejected, and the caller hears it", async () => {
    const { a, b, chatId } = await world.directChat();
    const heardByA = await world.listen(a.token);
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    expect((await b.api.calls.reject({ callId: call.id })).status).toBe("rejected");
    const events = await endedOf(heardByA, call.id);
    expect(events.find((e) => e.type === "call:ended")!.data).toMatchObject({ status: "rejected", duration: 0 });
    expect((await callLines(chatId)).map((l) => l.content)).toEqual(["Declined audio call"]);
    await heardByA.stop();
  });

  test("the caller hangs up before an answer: cancelled; the person called hanging up a ringing call declines it", async () => {
    const { a, b, chatId } = await world.directChat();
    const heardByB = await world.listen(b.token);
    const first = await a.api.calls.initiate({ chatId, type: "video" });
    expect((await a.api.calls.end({ callId: first.id })).status).toBe("cancelled");
    await endedOf(heardByB, first.id);
    const second = await a.api.calls.initiate({ chatId, type: "audio" });
    expect((await b.api.calls.end({ callId: second.id })).status).toBe("rejected");
    expect((await callLines(chatId)).map((l) => l.content)).toEqual(["Cancelled video call", "Declined audio call"]);
    expect(await storedCall(first.id)).toMatchObject({ status: "cancelled", durationSec: 0 });
    await heardByB.stop();
  });

  test("the person called ends an answered call: ended for both, with its duration", async () => {
    const { a, b, chatId } = await world.directChat();
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    await b.api.calls.answer({ callId: call.id });
    const ended = await b.api.calls.end({ callId: call.id });
    expect(ended.status).toBe("ended");
    expect(ended.durationSec).toBeGreaterThanOrEqual(0);
    expect((await callLines(chatId))[0]!.content).toMatch(/^Audio call · 0:\d\d$/);
  });
});

describe("refusals", () => {
  test("the wrong party is FORBIDDEN, anyone outside the call NOT_FOUND, and a finished call CONFLICT", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const call = await a.api.calls.initiate({ chatId, type: "video" });

    expect((await refusal(a.api.calls.answer({ callId: call.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(a.api.calls.reject({ callId: call.id }))).code).toBe("FORBIDDEN");
    // One at a time: a refusal not yet awaited would be an unhandled rejection.
    for (const attempt of [
      () => outsider.api.calls.answer({ callId: call.id }),
      () => outsider.api.calls.reject({ callId: call.id }),
      () => outsider.api.calls.end({ callId: call.id }),
      () => outsider.api.calls.signal({ callId: call.id, signal: offer }),
      () => outsider.api.calls.initiate({ chatId, type: "audio" }),
      () => outsider.api.calls.history({ chatId }),
      () => a.api.calls.answer({ callId: "no-such-call" }),
    ]) {
      expect((await refusal(attempt())).code).toBe("NOT_FOUND");
    }
    expect((await storedCall(call.id)).status).toBe("ringing");

    await b.api.calls.answer({ callId: call.id });
    const again = await refusal(b.api.calls.answer({ callId: call.id }));
    expect(again).toMatchObject({ code: "CONFLICT", message: "This call was already answered" });
    expect((await refusal(b.api.calls.reject({ callId: call.id }))).code).toBe("CONFLICT");

    await a.api.calls.end({ callId: call.id });
    for (const attempt of [
      () => b.api.calls.answer({ callId: call.id }),
      () => b.api.calls.reject({ callId: call.id }),
      () => a.api.calls.end({ callId: call.id }),
      () => b.api.calls.signal({ callId: call.id, signal: offer }),
    ]) {
      const error = await refusal(attempt());
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe("This call has already ended");
    }
    // One line for the one call, whatever was tried afterwards.
    expect(await callLines(chatId)).toHaveLength(1);
  });

  test("calls are for direct chats; bad input is BAD_REQUEST", async () => {
    const [owner, member] = [await world.signUp(), await world.signUp()];
    const groupId = await world.group(owner, [member]);
    const error = await refusal(owner.api.calls.initiate({ chatId: groupId, type: "audio" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "Calls are possible only in a direct chat with one person" });
    const { a, chatId } = await world.directChat();
    // @ts-expect-error: not a call type
    expect((await refusal(a.api.calls.initiate({ chatId, type: "hologram" }))).code).toBe("BAD_REQUEST");
  });
});

describe("races", () => {
  test("two answers at once (two devices): one wins, the other is told it was already answered", async () => {
    const { a, b, chatId } = await world.directChat();
    const otherDevice = await world.callerFor((await world.anonymous.auth.login({ username: b.user.username, password: b.password })).token);
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    const results = await Promise.allSettled([b.api.calls.answer({ callId: call.id }), otherDevice.calls.answer({ callId: call.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected")!;
    expect((await refusal(Promise.reject((lost as PromiseRejectedResult).reason))).code).toBe("CONFLICT");
    expect((await storedCall(call.id)).status).toBe("active");
  });

  test("a hang-up racing an answer: one order wins and the call finishes exactly once", async () => {
    const { a, b, chatId } = await world.directChat();
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    const [answer, end] = await Promise.allSettled([b.api.calls.answer({ callId: call.id }), a.api.calls.end({ callId: call.id })]);
    expect(end.status).toBe("fulfilled");
    const stored = await storedCall(call.id);
    if (answer.status === "fulfilled") expect(stored.status).toBe("ended");
    else expect(stored.status).toBe("cancelled");
    expect(await callLines(chatId)).toHaveLength(1);
  });

  test("two people ring the same person at once: one rings, the other gets busy", async () => {
    const target = await world.signUp();
    const [c, d] = [await world.signUp(), await world.signUp()];
    const chatC = await c.api.chats.openDirect({ userId: target.user.id });
    const chatD = await d.api.chats.openDirect({ userId: target.user.id });
    const placed = await Promise.all([
      c.api.calls.initiate({ chatId: chatC.id, type: "audio" }),
      d.api.calls.initiate({ chatId: chatD.id, type: "audio" }),
    ]);
    expect(placed.map((p) => p.status).sort()).toEqual(["busy", "ringing"]);
    const ringing = placed.find((p) => p.status === "ringing")!;
    await (ringing.initiatorId === c.user.id ? c : d).api.calls.end({ callId: ringing.id });
  });
});

describe("busy", () => {
  test("calling someone already in a call is recorded as busy, and both sides learn it", async () => {
    const { a, b, chatId } = await world.directChat();
    const c = await world.signUp();
    const chatCB = await c.api.chats.openDirect({ userId: b.user.id });
    const [heardByB, heardByC] = [await world.listen(b.token), await world.listen(c.token)];
    const first = await a.api.calls.initiate({ chatId, type: "video" });
    await b.api.calls.answer({ callId: first.id });

    const second = await c.api.calls.initiate({ chatId: chatCB.id, type: "audio" });
    expect(second).toMatchObject({ status: "busy", durationSec: 0 });
    for (const stream of [heardByB, heardByC]) {
      const events = await endedOf(stream, second.id);
      expect(events.find((e) => e.type === "call:ended" && e.data.id === second.id)!.data).toMatchObject({ status: "busy", duration: 0 });
    }
    expect(heardByB.events.some((e) => e.type === "call:incoming" && e.data.id === second.id)).toBe(false);
    expect((await callLines(chatCB.id)).map((l) => l.content)).toEqual(["Missed audio call · line busy"]);
    expect((await b.api.calls.current())!.id).toBe(first.id);

    // The caller is told to hang up first rather than being put on two calls.
    const d = await world.signUp();
    const chatAD = await a.api.chats.openDirect({ userId: d.user.id });
    const error = await refusal(a.api.calls.initiate({ chatId: chatAD.id, type: "audio" }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "You are already in a call; hang up before starting another" });

    await a.api.calls.end({ callId: first.id });
    expect((await c.api.calls.initiate({ chatId: chatCB.id, type: "audio" })).status).toBe("ringing");
    await Promise.all([heardByB.stop(), heardByC.stop()]);
  });
});

describe("no answer", () => {
  test("after the ring time the call is missed: both hear it and the chat says so", async () => {
    setCallTimings(world.bus, { ringMs: 200 });
    const { a, b, chatId } = await world.directChat();
    const [heardByA, heardByB] = [await world.listen(a.token), await world.listen(b.token)];
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    for (const stream of [heardByA, heardByB]) {
      const events = await endedOf(stream, call.id);
      expect(events.find((e) => e.type === "call:ended")!.data).toEqual({ id: call.id, chatId, status: "missed", duration: 0 });
    }
    expect((await callLines(chatId)).map((l) => l.content)).toEqual(["Missed video call"]);
    expect((await refusal(b.api.calls.answer({ callId: call.id }))).message).toBe("This call has ended: nobody answered in time");
    await Promise.all([heardByA.stop(), heardByB.stop()]);
  });

  test("an answer after the ring time loses to the timeout even before its timer fires", async () => {
    setCallTimings(world.bus, { ringMs: 50 });
    const { a, b, chatId } = await world.directChat();
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    clearCallTimers(world.bus);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const error = await refusal(b.api.calls.answer({ callId: call.id }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "This call has ended: nobody answered in time" });
    expect((await storedCall(call.id)).status).toBe("missed");
    expect(await callLines(chatId)).toHaveLength(1);
  });

  test("a restart loses the timers, yet a ringing call past its time reads as missed, and the start sweeps it", async () => {
    setCallTimings(world.bus, { ringMs: 50 });
    const { a, b, chatId } = await world.directChat();
    const { a: c, b: d, chatId: otherChatId } = await world.directChat();
    const read = await a.api.calls.initiate({ chatId, type: "audio" });
    const swept = await c.api.calls.initiate({ chatId: otherChatId, type: "audio" });
    clearCallTimers(world.bus);
    await new Promise((resolve) => setTimeout(resolve, 80));

    // Read lazily: the history never shows a stale "ringing".
    expect((await b.api.calls.history({})).items[0]).toMatchObject({ id: read.id, status: "missed" });
    // Swept at start.
    await superviseCalls(world.deps, () => false);
    expect((await storedCall(swept.id)).status).toBe("missed");
    expect((await callLines(otherChatId)).map((l) => l.content)).toEqual(["Missed audio call"]);
    expect(await d.api.calls.current()).toBeNull();
    clearCallTimers(world.bus); // the start's sweeps go on until its shutdown
  });
});

describe("signaling", () => {
  test("signal data goes to the other party only, while the call is ringing or active", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const [heardByA, heardByB, heardByOutsider] = [await world.listen(a.token), await world.listen(b.token), await world.listen(outsider.token)];
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    await a.api.calls.signal({ callId: call.id, signal: offer });
    await b.api.calls.answer({ callId: call.id });
    const candidate = { type: "candidate" as const, candidate: { candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", sdpMid: "0", sdpMLineIndex: 0 } };
    await b.api.calls.signal({ callId: call.id, signal: { type: "answer", sdp: "v=0\r\n" } });
    await b.api.calls.signal({ callId: call.id, signal: candidate });
    await a.api.calls.signal({ callId: call.id, signal: { type: "renegotiate", renegotiate: true } });

    const toB = await heardByB.until((es) => es.filter((e) => e.type === "call:signal").length === 2);
    expect(toB.filter((e) => e.type === "call:signal").map((e) => e.data)).toEqual([
      { callId: call.id, chatId, fromUserId: a.user.id, signal: offer },
      { callId: call.id, chatId, fromUserId: a.user.id, signal: { type: "renegotiate", renegotiate: true } },
    ]);
    const toA = await heardByA.until((es) => es.filter((e) => e.type === "call:signal").length === 2);
    expect(toA.filter((e) => e.type === "call:signal").map((e) => e.data.signal)).toEqual([{ type: "answer", sdp: "v=0\r\n" }, candidate]);

    // A marker proves the outsider's stream was live: it is all they heard.
    await outsider.api.chats.openDirect({ userId: a.user.id });
    await heardByOutsider.until((es) => es.length > 0);
    expect(heardByOutsider.events.map((e) => e.type)).toEqual(["chat:updated"]);
    await a.api.calls.end({ callId: call.id });
    await Promise.all([heardByA.stop(), heardByB.stop(), heardByOutsider.stop()]);
  });

  test("signal data over 64 KB is PAYLOAD_TOO_LARGE; something that is not signal data is BAD_REQUEST", async () => {
    const { a, chatId } = await world.directChat();
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    const big = { type: "candidate" as const, candidate: { candidate: "x".repeat(2048), sdpMid: "y".repeat(256) } };
    // Just under the limit is relayed; an SDP past it is refused.
    await a.api.calls.signal({ callId: call.id, signal: { type: "offer", sdp: "v".repeat(60_000) } });
    expect((await refusal(a.api.calls.signal({ callId: call.id, signal: { type: "offer", sdp: "v".repeat(64 * 1024) } }))).code).toBe("PAYLOAD_TOO_LARGE");
    await a.api.calls.signal({ callId: call.id, signal: big });
    // @ts-expect-error: not signal data
    expect((await refusal(a.api.calls.signal({ callId: call.id, signal: { type: "gossip", text: "hi" } }))).code).toBe("BAD_REQUEST");
    await a.api.calls.end({ callId: call.id });
  });
});

describe("history", () => {
  test("my calls, newest first, page by page, optionally of one chat", async () => {
    const me = await world.signUp();
    const people: TestUser[] = [await world.signUp(), await world.signUp()];
    const chats = await Promise.all(people.map((p) => me.api.chats.openDirect({ userId: p.user.id })));
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const [person, chat] = i % 2 === 0 ? [me, chats[0]!] : [people[1]!, chats[1]!];
      const call = await person.api.calls.initiate({ chatId: chat.id, type: i % 2 ? "audio" : "video" });
      await person.api.calls.end({ callId: call.id });
      made.push(call.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof me.api.calls.history>> = await me.api.calls.history({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const all = await me.api.calls.history({});
    expect(all.items.map((c) => c.direction)).toEqual(["outgoing", "incoming", "outgoing", "incoming", "outgoing"]);
    expect(all.items[1]).toMatchObject({ status: "cancelled", peer: { id: people[1]!.user.id } });
    const ofFirst = await me.api.calls.history({ chatId: chats[0]!.id });
    expect(ofFirst.items.map((c) => c.id)).toEqual([made[4], made[2], made[0]]);
    expect((await people[0]!.api.calls.history({})).items.map((c) => c.id)).toEqual([made[4], made[2], made[0]]);
    expect((await refusal(me.api.calls.history({ cursor: "garbage" }))).code).toBe("BAD_REQUEST");
  });
});

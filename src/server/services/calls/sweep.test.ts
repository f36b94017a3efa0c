// What an instance that stopped or died leaves of its calls is picked up by the sweep of
// another (or of its own next start): a ringing call whose timer went with it is missed at its
// ring time, a call whose party left and stayed away past the grace period ends, and someone
// who was offline before being called does not count as leaving. The sweep is claimed: while
// one instance sweeps, another leaves the calls to it.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { calls, messages } from "@/server/db/schema";
import { MemoryEventBus } from "@/server/events/bus";
import { claimJob } from "@/server/jobs/claim";
import { registerInstance, retireInstance } from "@/server/services/accounts/instances";
import { syncPresence } from "@/server/services/accounts/presence";
import { superviseCalls } from "@/server/services/calls/faults";
import { clearCallTimers, setCallTimings } from "@/server/services/calls/runtime";
import { sweepStaleCalls } from "@/server/services/calls/sweep";
import { createTestWorld, type LiveStream, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());
beforeEach(() => setCallTimings(world.bus, { ringMs: 60_000, graceMs: 60_000 }));
afterEach(() => clearCallTimers(world.bus));

async function statusOf(callId: string) {
  const [row] = await world.db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId));
  return row!.status;
}

async function linesOf(chatId: string) {
  const rows = await world.db.select({ content: messages.content, kind: messages.kind }).from(messages).where(eq(messages.chatId, chatId));
  return rows.filter((row) => row.kind === "system").map((row) => row.content);
}

const endedOf = (stream: LiveStream, callId: string) =>
  stream
    .until((events) => events.some((e) => e.type === "call:ended" && e.data.id === callId), `call:ended of ${callId}`)
    .then((events) => events.find((e) => e.type === "call:ended" && e.data.id === callId)!.data);

/** People whose instance went away while they were connected to it: recorded offline from now. */
async function leftWithTheirInstance(people: TestUser[]) {
  await registerInstance(world.db, "gone");
  for (const person of people) await syncPresence(world.deps, "gone", person.user.id, () => 1);
  await retireInstance(world.deps, "gone");
}

/** Someone connected through another instance. */
async function connectedElsewhere(person: TestUser) {
  await registerInstance(world.db, "elsewhere");
  await syncPresence(world.deps, "elsewhere", person.user.id, () => 1);
}

/** An instance that starts: it sweeps at once and then on, with the timers of none of the calls. */
async function anotherInstanceStarts() {
  clearCallTimers(world.bus);
  await superviseCalls(world.deps, () => false);
}

/** A sweep of this instance that runs to the end (while another one is sweeping, it tries again). */
async function sweptToTheEnd() {
  for (;;) {
    const outcome = await sweepStaleCalls(world.deps);
    if (outcome) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("a ringing call whose timer went with its instance is missed at its ring time", async () => {
  setCallTimings(world.bus, { ringMs: 400 });
  const { a, b, chatId } = await world.directChat();
  const heardByB = await world.listen(b.token);
  const call = await a.api.calls.initiate({ chatId, type: "audio" });
  await anotherInstanceStarts();
  expect(await statusOf(call.id)).toBe("ringing");

  expect(await endedOf(heardByB, call.id)).toEqual({ id: call.id, chatId, status: "missed", duration: 0 });
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(call.ringsUntil));
  expect(await linesOf(chatId)).toEqual(["Missed audio call"]);
  await heardByB.stop();
});

test("calls whose party left and stayed away past the grace period end; a party back in time keeps theirs", async () => {
  setCallTimings(world.bus, { graceMs: 300 });
  const answered = await world.directChat();
  const ringing = await world.directChat();
  const kept = await world.directChat();
  const [heardByA, heardByB] = [await world.listen(answered.a.token), await world.listen(answered.b.token)];
  const heardByCallee = await world.listen(ringing.b.token);
  const active = await answered.a.api.calls.initiate({ chatId: answered.chatId, type: "video" });
  await answered.b.api.calls.answer({ callId: active.id });
  const unanswered = await ringing.a.api.calls.initiate({ chatId: ringing.chatId, type: "audio" });
  const back = await kept.a.api.calls.initiate({ chatId: kept.chatId, type: "audio" });
  await kept.b.api.calls.answer({ callId: back.id });

  await leftWithTheirInstance([answered.b, ringing.a, kept.a]);
  await connectedElsewhere(kept.a); // reconnected to another instance
  await anotherInstanceStarts();
  // Within the grace period nothing ends.
  expect(await statusOf(active.id)).toBe("active");

  for (const stream of [heardByA, heardByB]) expect(await endedOf(stream, active.id)).toMatchObject({ status: "ended" });
  // The caller left while it rang: cancelled.
  expect(await endedOf(heardByCallee, unanswered.id)).toMatchObject({ status: "cancelled" });
  expect(await linesOf(ringing.chatId)).toEqual(["Cancelled audio call"]);
  // A sweep to the end finds nothing more: the call of the party who came back is still on.
  expect(await sweptToTheEnd()).toMatchObject({ ended: 0 });
  expect(await statusOf(back.id)).toBe("active");
  await Promise.all([heardByA.stop(), heardByB.stop(), heardByCallee.stop()]);
});

test("someone who was offline before being called did not leave: the call rings for its whole ring time", async () => {
  setCallTimings(world.bus, { graceMs: 50, ringMs: 600 });
  const { a, b, chatId } = await world.directChat();
  await leftWithTheirInstance([b]);
  const heardByA = await world.listen(a.token);
  const call = await a.api.calls.initiate({ chatId, type: "video" });
  await anotherInstanceStarts();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await statusOf(call.id)).toBe("ringing");
  expect(await endedOf(heardByA, call.id)).toMatchObject({ status: "missed" });
  await heardByA.stop();
});

// PGlite is one connection: a transaction holding the claim would hold up every other query.
if (process.env.RELAY_TEST_DB === "postgres") {
  describe("several instances", () => {
    test("while one instance sweeps, another leaves the stale calls to it", async () => {
      setCallTimings(world.bus, { ringMs: 50 });
      const { a, chatId } = await world.directChat();
      const call = await a.api.calls.initiate({ chatId, type: "audio" });
      clearCallTimers(world.bus);
      await new Promise((resolve) => setTimeout(resolve, 80));

      let release!: () => void;
      let claimed!: () => void;
      const isClaimed = new Promise<void>((resolve) => (claimed = resolve));
      const sweeping = world.db.transaction(async (tx) => {
        expect(await claimJob(tx, "calls:sweep")).toBe(true);
        claimed();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await isClaimed;
      expect(await sweepStaleCalls(world.deps)).toBeNull();
      expect(await statusOf(call.id)).toBe("ringing");
      release();
      await sweeping;
      expect(await sweepStaleCalls(world.deps)).toMatchObject({ ended: 1 });
      expect(await statusOf(call.id)).toBe("missed");
    });

    test("two instances sweeping at once end each stale call once", async () => {
      setCallTimings(world.bus, { ringMs: 50 });
      const chats = [await world.directChat(), await world.directChat(), await world.directChat()];
      for (const { a, chatId } of chats) await a.api.calls.initiate({ chatId, type: "audio" });
      clearCallTimers(world.bus);
      await new Promise((resolve) => setTimeout(resolve, 80));

      const other = { db: world.db, bus: new MemoryEventBus() };
      setCallTimings(other.bus, { ringMs: 50 });
      const outcomes = await Promise.all([sweepStaleCalls(world.deps), sweepStaleCalls(other)]);
      // Whoever found the claim taken left the rest to the other, or came after it and found nothing.
      expect(outcomes.reduce((sum, outcome) => sum + (outcome?.ended ?? 0), 0)).toBe(3);
      for (const { chatId } of chats) expect(await linesOf(chatId)).toEqual(["Missed audio call"]);
    });
  });
}


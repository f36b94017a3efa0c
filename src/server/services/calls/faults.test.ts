// Calls on the real server when connections drop: a party whose last WebSocket closes has a
// grace period to come back before the call ends; a quick reconnect keeps the call; shutdown
// ends answered calls before the sockets close.
import { and, eq, inArray } from "drizzle-orm";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { calls, messages, users } from "@/server/db/schema";
import { createTestWorld, type LiveStream, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { callRuntime, setCallTimings } from "@/server/services/calls/runtime";
import { randomInstanceId } from "@/server/cluster/instance-id";
import { type InstancePresence, joinPresence } from "@/server/services/accounts/instance-presence";
import type { PresenceTimings } from "@/server/services/accounts/instances";

let world: TestWorld;
let relay: RelayServer | null;
let connections: ConnectionRegistry;
let wsBase: string;

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  setCallTimings(world.bus, { ringMs: 60_000, graceMs: 150 });
  connections = new ConnectionRegistry();
  // Heartbeats often and counts 300 ms of silence as gone, for the tests of other instances.
  relay = createRelayServer({ database: world.database, bus: world.bus, connections, presenceTimings: { heartbeatMs: 50, silentMs: 300 } });
  wsBase = `ws://127.0.0.1:${await relay.listen(0, "127.0.0.1")}/ws`;
});
afterEach(async () => {
  await relay?.shutdown();
  relay = null;
});

/** Opens a WebSocket as `person`; resolves once the server has signed it in. */
async function connect(person: TestUser) {
  const socket = new WebSocket(`${wsBase}?token=${encodeURIComponent(person.token)}`);
  let failure: Error | undefined;
  socket.once("error", (error) => (failure = error));
  await waitFor(() => connections.isOnline(person.user.id) || failure !== undefined, "the socket to be signed in");
  if (failure) throw failure;
  return {
    /** Closes the socket; resolves once the server has seen it close. */
    async close() {
      socket.close();
      await waitFor(() => !connections.isOnline(person.user.id), "the server to see the socket close");
    },
  };
}

const endedOf = (stream: LiveStream, callId: string) =>
  stream
    .until((events) => events.some((e) => e.type === "call:ended" && e.data.id === callId), `call:ended of ${callId}`)
    .then((events) => events.find((e) => e.type === "call:ended" && e.data.id === callId)!.data);

/** Waits until the server has recorded these people as offline (their sockets' closes are all handled). */
async function offline(people: TestUser[]) {
  const ids = people.map((p) => p.user.id);
  for (;;) {
    const online = await world.db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), eq(users.online, true)));
    if (online.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function statusOf(callId: string) {
  const [row] = await world.db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId));
  return row!.status;
}

describe("a party's connection drops", () => {
  test("no return within the grace period: the answered call ends for both, with a line in the chat", async () => {
    const { a, b, chatId } = await world.directChat();
    const [socketA, socketB] = [await connect(a), await connect(b)];
    const [heardByA, heardByB] = [await world.listen(a.token), await world.listen(b.token)];
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    await b.api.calls.answer({ callId: call.id });

    await socketB.close();
    for (const stream of [heardByA, heardByB]) expect(await endedOf(stream, call.id)).toMatchObject({ status: "ended" });
    const [line] = await world.db.select().from(messages).where(eq(messages.callId, call.id));
    expect(line!.content).toMatch(/^Video call · 0:\d\d$/);
    await socketA.close();
    await Promise.all([heardByA.stop(), heardByB.stop()]);
  });

  test("a caller who goes away while it rings: the call is cancelled after the grace period", async () => {
    const { a, b, chatId } = await world.directChat();
    const socketA = await connect(a);
    const heardByB = await world.listen(b.token);
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    await socketA.close();
    expect(await endedOf(heardByB, call.id)).toMatchObject({ status: "cancelled", duration: 0 });
    await heardByB.stop();
  });

  test("back within the grace period: the call goes on", async () => {
    setCallTimings(world.bus, { graceMs: 60_000 });
    const { a, b, chatId } = await world.directChat();
    const socketA = await connect(a);
    const socketB = await connect(b);
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    await b.api.calls.answer({ callId: call.id });

    await socketB.close();
    const graceTimers = callRuntime(world.bus).graceTimers;
    expect(graceTimers.has(b.user.id)).toBe(true);
    const again = await connect(b);
    // The reconnect disarmed the timer: nothing is left that could end the call.
    expect(graceTimers.has(b.user.id)).toBe(false);
    expect(await statusOf(call.id)).toBe("active");
    await a.api.calls.end({ callId: call.id });
    await Promise.all([socketA.close(), again.close()]);
  });

  test("a second device staying connected keeps the call: only the last connection counts", async () => {
    const { a, b, chatId } = await world.directChat();
    const [socketA, phone, laptop] = [await connect(a), await connect(b), await connect(b)];
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    await b.api.calls.answer({ callId: call.id });
    phone.close();
    await waitFor(() => connections.count() === 2, "the server to see the phone go");
    expect(callRuntime(world.bus).graceTimers.has(b.user.id)).toBe(false);
    expect(await statusOf(call.id)).toBe("active");
    await a.api.calls.end({ callId: call.id });
    await Promise.all([socketA.close(), laptop.close()]);
  });
});

describe("with other instances", () => {
  /** Another instance on the same database, holding sockets the test opens; `timings` as for presence. */
  function otherInstance(timings: Partial<PresenceTimings> = {}) {
    const sockets = new Map<string, number>();
    const presence = joinPresence(world.deps, { instanceId: `other-${randomInstanceId()}`, socketsOf: (userId) => sockets.get(userId) ?? 0, timings });
    others.push(presence);
    return {
      connect(person: TestUser) {
        sockets.set(person.user.id, 1);
        return presence.sync(person.user.id);
      },
    };
  }
  const others: InstancePresence[] = [];
  afterEach(async () => {
    await Promise.all(others.splice(0).map((presence) => presence.stop()));
  });

  test("a party who leaves this instance but is connected to another one keeps the call", async () => {
    const { a, b, chatId } = await world.directChat();
    const socketA = await connect(a);
    const laptop = await connect(b);
    await otherInstance().connect(b);
    const call = await a.api.calls.initiate({ chatId, type: "video" });
    await b.api.calls.answer({ callId: call.id });

    await laptop.close();
    expect(callRuntime(world.bus).graceTimers.has(b.user.id)).toBe(true);
    await waitFor(() => !callRuntime(world.bus).graceTimers.has(b.user.id), "the grace period to run out");
    // Give the expired grace period's check time to end the call, if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await statusOf(call.id)).toBe("active");
    await a.api.calls.end({ callId: call.id });
    await socketA.close();
  });

  test("the instance a party was connected to falls silent: after the grace period their call ends", async () => {
    const { a, b, chatId } = await world.directChat();
    const socketA = await connect(a);
    const heardByA = await world.listen(a.token);
    // Writes its heartbeat once and never again, as a killed process would.
    await otherInstance({ heartbeatMs: 3_600_000 }).connect(b);
    const call = await a.api.calls.initiate({ chatId, type: "audio" });
    await b.api.calls.answer({ callId: call.id });

    expect(await endedOf(heardByA, call.id)).toMatchObject({ status: "ended" });
    await heardByA.stop();
    await socketA.close();
  });
});

describe("shutdown", () => {
  test("answered calls end cleanly before the sockets close; ringing calls ring on for the next start", async () => {
    const { a, b, chatId } = await world.directChat();
    const { a: c, chatId: otherChatId } = await world.directChat();
    // Answered, but both parties are connected to another instance: not this server's to end.
    const { a: d, b: e, chatId: elsewhereChatId } = await world.directChat();
    await Promise.all([connect(a), connect(b), connect(c)]);
    const [heardByA, heardByB] = [await world.listen(a.token), await world.listen(b.token)];
    const active = await a.api.calls.initiate({ chatId, type: "video" });
    await b.api.calls.answer({ callId: active.id });
    const ringing = await c.api.calls.initiate({ chatId: otherChatId, type: "audio" });
    const elsewhere = await d.api.calls.initiate({ chatId: elsewhereChatId, type: "audio" });
    await e.api.calls.answer({ callId: elsewhere.id });

    await relay!.shutdown();
    relay = null;
    for (const stream of [heardByA, heardByB]) expect(await endedOf(stream, active.id)).toMatchObject({ status: "ended" });
    expect(await statusOf(active.id)).toBe("ended");
    expect(await statusOf(ringing.id)).toBe("ringing");
    expect(await statusOf(elsewhere.id)).toBe("active");
    // The closing sockets started no grace periods.
    expect(callRuntime(world.bus).graceTimers.size).toBe(0);
    await c.api.calls.end({ callId: ringing.id });
    await d.api.calls.end({ callId: elsewhere.id });
    await Promise.all([heardByA.stop(), heardByB.stop(), offline([a, b, c])]);
  });
});

// A live event serialised once for all of its recipients, over the real server: every
// subscriber still gets its own tracked id and exactly the frame superjson and JSON would have
// made, resuming still works, delivery is still recorded, and HTTP answers as before.
import { createTRPCClient, createWSClient, httpBatchLink, TRPCClientError, wsLink } from "@trpc/client";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { chatMembers } from "@/server/db/schema";
import { frameTransformer, sharedPayload } from "@/server/events/frames";
import type { LiveEvent } from "@/server/events/types";
import { createTestWorld, type ReceivedEvent, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { serveWorld, type ServedWorld } from "@/server/testing/serve-world";

let world: TestWorld;
let served: ServedWorld;
beforeAll(async () => {
  world = await createTestWorld();
  served = await serveWorld(world);
});
afterAll(async () => {
  await served.relay.shutdown();
  await world.close();
});

/** A data frame as it came over the wire, parsed. */
type DataFrame = { id: number | string; result: { type: "data"; id: string; data: { json: unknown; meta?: unknown } } };

/** A tRPC WebSocket client on `events.stream` that also keeps every data frame it was sent. */
async function subscribe(person: TestUser, lastEventId?: string) {
  const frames: DataFrame[] = [];
  class Recording extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on("message", (raw) => {
        const text = String(raw);
        if (!text.startsWith("{")) return;
        const frame = JSON.parse(text) as DataFrame;
        if (frame.result?.type === "data") frames.push(frame);
      });
    }
  }
  const client = createWSClient({
    url: served.wsBase,
    WebSocket: Recording as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: person.token },
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  const events: ReceivedEvent[] = [];
  const before = world.bus.listenerCount(person.user.id);
  const subscription = trpc.events.stream.subscribe(lastEventId ? { lastEventId } : {}, {
    onData: ({ id, data }) => events.push({ id, ...data }),
  });
  await waitFor(() => world.bus.listenerCount(person.user.id) > before, "the WebSocket subscription");
  return {
    events,
    frames,
    until: (predicate: (events: ReceivedEvent[]) => boolean) => waitFor(() => predicate(events), "the expected events"),
    /** The data frame that carried the event with this tracked id. */
    frameOf: (trackedId: string) => frames.find((f) => f.result.id === trackedId)!,
    async close() {
      subscription.unsubscribe();
      await client.close();
    },
  };
}

/** What tRPC with plain superjson and JSON.stringify sends for a tracked value, parsed. */
const plainFrame = (subscriptionId: number | string, trackedId: string, payload: unknown) =>
  JSON.parse(JSON.stringify({ id: subscriptionId, result: { type: "data", id: trackedId, data: superjson.serialize({ id: trackedId, data: payload }) } }));

const messageOf = (content: string) => (events: ReceivedEvent[]) =>
  events.find((e) => e.type === "message:new" && e.data.message.content === content);

test("each subscriber of a chat gets one event with its own tracked id, in the frame superjson would make", async () => {
  const owner = await world.signUp();
  const members = [await world.signUp(), await world.signUp(), await world.signUp()];
  const chatId = await world.group(owner, members);
  const live = await Promise.all(members.map((m) => subscribe(m)));

  const sent = await owner.api.messages.send({ chatId, content: "to all three" });
  await owner.api.chats.setTyping({ chatId, typing: true });
  // No event the services publish carries undefined or a Date, but one that did must arrive as it was.
  const odd = { type: "presence", data: { userId: owner.user.id, online: false, lastSeenAt: new Date(0), away: undefined } };
  world.bus.publish([{ event: odd as unknown as LiveEvent, recipients: members.map((m) => m.user.id) }]);
  const presenceOf = (events: ReceivedEvent[]) => events.find((e) => e.type === "presence" && e.data.userId === owner.user.id);
  for (const s of live) await s.until((events) => presenceOf(events) !== undefined && events.some((e) => e.type === "typing:start"));

  const received = live.map((s) => ({
    message: messageOf("to all three")(s.events)!,
    typing: s.events.find((e) => e.type === "typing:start")!,
    presence: presenceOf(s.events)!,
    frameOf: s.frameOf,
  }));
  // A logged event's tracked id is its place in the log, the same for all; a signal's is each stream's own.
  expect(new Set(received.map((r) => r.message.id)).size).toBe(1);
  expect(received[0]!.message).toMatchObject({ id: expect.stringMatching(/^\d+$/), data: { chatId, message: { id: sent.id } } });
  for (const kind of ["typing", "presence"] as const) {
    expect(new Set(received.map((r) => r[kind].id)).size).toBe(members.length);
    for (const r of received) expect(r[kind].id).toMatch(/^\d+-\d+$/);
  }
  // The payload is the same for everyone, and each frame is what superjson and JSON would have sent.
  for (const r of received) {
    const { id, ...payload } = r.message;
    expect(payload).toEqual({ type: "message:new", data: received[0]!.message.data });
    const frame = r.frameOf(id);
    expect(frame).toEqual(plainFrame(frame.id, id, payload));

    expect(r.presence.data).toEqual(odd.data);
    expect((r.presence.data as Record<string, unknown>).lastSeenAt).toBeInstanceOf(Date);
    expect("away" in r.presence.data).toBe(true);
    expect(r.frameOf(r.presence.id)).toEqual(plainFrame(r.frameOf(r.presence.id).id, r.presence.id, odd));
  }

  // Delivery still counts once each client's socket has answered the ping after the message.
  const deliveredTo = async (userId: string) => {
    await world.flushReceipts();
    const [row] = await world.db
      .select({ seq: chatMembers.lastDeliveredSeq })
      .from(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
    return row!.seq;
  };
  for (const m of members) {
    while ((await deliveredTo(m.user.id)) < sent.seq) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all(live.map((s) => s.close()));
});

test("resuming from the last event id replays what was missed, framed as live events are", async () => {
  const owner = await world.signUp();
  const [away, stays] = [await world.signUp(), await world.signUp()];
  const chatId = await world.group(owner, [away, stays]);
  const [first, staying] = [await subscribe(away), await subscribe(stays)];
  await owner.api.messages.send({ chatId, content: "before" });
  await first.until((events) => messageOf("before")(events) !== undefined);
  const lastEventId = first.events.at(-1)!.id;
  await first.close();

  await owner.api.messages.send({ chatId, content: "while away" });
  await staying.until((events) => messageOf("while away")(events) !== undefined);
  const again = await subscribe(away, lastEventId);
  await again.until((events) => messageOf("while away")(events) !== undefined);
  await owner.api.messages.send({ chatId, content: "back" });
  await again.until((events) => messageOf("back")(events) !== undefined);
  await staying.until((events) => messageOf("back")(events) !== undefined);

  expect(again.events.filter((e) => e.type === "message:new").map((e) => e.type === "message:new" && e.data.message.content)).toEqual([
    "while away",
    "back",
  ]);
  // Replayed (serialised on its own) or live (once for both), the frames carry the same.
  for (const content of ["while away", "back"]) {
    const { id } = messageOf(content)(again.events)!;
    expect(messageOf(content)(staying.events)!.id).toBe(id);
    expect(again.frameOf(id).result).toEqual(staying.frameOf(id).result);
  }
  await Promise.all([again.close(), staying.close()]);
});

test("two streams on one socket each get every event on their own subscription; a stopped one gets nothing more", async () => {
  const owner = await world.signUp();
  const member = await world.signUp();
  const chatId = await world.group(owner, [member]);
  const frames: DataFrame[] = [];
  const stopped: (number | string)[] = [];
  class Recording extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on("message", (raw) => {
        const frame = JSON.parse(String(raw)) as DataFrame | { id: number; result: { type: "stopped" } };
        if (frame.result?.type === "data") frames.push(frame as DataFrame);
        if (frame.result?.type === "stopped") stopped.push(frame.id);
      });
    }
  }
  const client = createWSClient({ url: served.wsBase, WebSocket: Recording as unknown as typeof globalThis.WebSocket, connectionParams: { token: member.token } });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  const a: ReceivedEvent[] = [];
  const b: ReceivedEvent[] = [];
  const first = trpc.events.stream.subscribe({}, { onData: ({ id, data }) => a.push({ id, ...data }) });
  trpc.events.stream.subscribe({}, { onData: ({ id, data }) => b.push({ id, ...data }) });
  await waitFor(() => world.bus.listenerCount(member.user.id) === 2, "both subscriptions");

  for (const content of ["one", "two", "three"]) await owner.api.messages.send({ chatId, content });
  await waitFor(() => [a, b].every((events) => messageOf("three")(events) !== undefined), "three messages on both");
  const contents = (events: ReceivedEvent[]) => events.flatMap((e) => (e.type === "message:new" ? [e.data.message.content] : []));
  expect(contents(a)).toEqual(["one", "two", "three"]);
  expect(contents(b)).toEqual(["one", "two", "three"]);
  // Each frame names the subscription it belongs to: three each.
  const ids = [...new Set(frames.map((f) => f.id))];
  expect(ids.map((id) => frames.filter((f) => f.id === id).length)).toEqual([3, 3]);

  first.unsubscribe();
  await waitFor(() => world.bus.listenerCount(member.user.id) === 1 && stopped.length === 1, "the first subscription to stop");
  const framesBefore = frames.length;
  await owner.api.messages.send({ chatId, content: "four" });
  await waitFor(() => messageOf("four")(b) !== undefined, "the fourth message on the second");
  expect(frames.slice(framesBefore).map((f) => f.id)).not.toContain(stopped[0]);
  expect(messageOf("four")(a)).toBeUndefined();
  await client.close();
});

test("HTTP answers and refusals are what superjson makes of them", async () => {
  const owner = await world.signUp();
  const other = await world.signUp();
  const chatId = await world.group(owner, [other]);
  await owner.api.messages.send({ chatId, content: "over HTTP" });
  const http = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${served.base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${other.token}` } })],
  });

  const page = await http.messages.list.query({ chatId });
  expect(page).toEqual(await other.api.messages.list({ chatId }));
  const raw = await fetch(`${served.base}/api/trpc/messages.list?input=${encodeURIComponent(JSON.stringify({ json: { chatId } }))}`, {
    headers: { authorization: `Bearer ${other.token}` },
  });
  expect(await raw.json()).toEqual({ result: { data: JSON.parse(JSON.stringify(superjson.serialize(page))) } });

  const refused = await createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${served.base}/api/trpc`, transformer: superjson })] })
    .auth.me.query()
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TRPCClientError);
  expect((refused as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
});

test("a shared event's envelope meeting plain JSON.stringify (any other transport) is superjson's", () => {
  const event = { id: "41", type: "presence", data: { userId: "u", online: true, lastSeenAt: new Date(5), note: undefined } };
  const payload = sharedPayload(event as unknown as LiveEvent);
  expect(sharedPayload(event as unknown as LiveEvent)).toBe(payload);
  for (const id of ["41", "7-123"]) {
    const serialised = frameTransformer.output.serialize({ id, data: payload });
    expect(JSON.parse(JSON.stringify(serialised))).toEqual(JSON.parse(JSON.stringify(superjson.serialize({ id, data: payload }))));
  }
  const notShared = { id: "1", data: { type: "presence", data: event.data } };
  expect(frameTransformer.output.serialize(notShared)).toEqual(superjson.serialize(notShared));
});

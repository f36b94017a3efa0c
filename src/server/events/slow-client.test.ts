// A client that stops reading (a frozen tab, a bad network) over a real WebSocket: what it has
// not read does not count as delivered, it cannot grow the server past its socket's bound, and
// once it reads again it resumes from the log with every message.
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { and, eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CloseCode } from "@/lib/close-codes";
import type { AppRouter } from "@/server/api/root";
import { chatMembers, chats, messages } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import { hydrateMessages } from "@/server/services/messages/hydration";
import { createTestWorld, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { serveWorld, type ServedWorld } from "@/server/testing/serve-world";

const BUFFER_LIMIT = 256 * 1024;
const MESSAGES = 20_000;
const FLOOD_BATCH = 1_000;

let world: TestWorld;
let served: ServedWorld;
beforeAll(async () => {
  world = await createTestWorld();
  served = await serveWorld(world, { liveBufferBytes: BUFFER_LIMIT });
});
afterAll(async () => {
  await served.relay.shutdown();
  await world.close();
});

/** A tRPC client on its own WebSocket whose reading can be paused, as a frozen tab's is. */
async function connect(person: TestUser) {
  const sockets: WebSocket[] = [];
  class Recorded extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const closes: number[] = [];
  const client = createWSClient({
    url: served.wsBase,
    WebSocket: Recorded as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: person.token },
    retryDelayMs: () => 50,
    onClose: (cause) => void (cause?.code && closes.push(cause.code)),
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  const seqs = new Map<number, number>();
  let started = 0;
  const subscription = trpc.events.stream.subscribe(
    {},
    {
      onStarted: () => void (started += 1),
      onData: ({ data }) => {
        if (data.type === "message:new") seqs.set(data.data.message.seq, (seqs.get(data.data.message.seq) ?? 0) + 1);
      },
    },
  );
  await waitFor(() => started > 0, "the stream to start");
  const rawSocket = () => (sockets.at(-1) as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return {
    seqs,
    closes,
    starts: () => started,
    pause: () => rawSocket().pause(),
    resume: () => rawSocket().resume(),
    close: () => {
      subscription.unsubscribe();
      client.close();
    },
  };
}

/**
 * Sends a thousand messages in one transaction, each with its own seq and `message:new` as a
 * send makes them, written in bulk so that 20,000 take seconds rather than minutes.
 */
async function flood(chatId: string, senderId: string, from: number) {
  await commitWithEvents(world.deps, async (tx, emit) => {
    const [chat] = await tx
      .update(chats)
      .set({ lastSeq: sql`${chats.lastSeq} + ${FLOOD_BATCH}` })
      .where(eq(chats.id, chatId))
      .returning({ lastSeq: chats.lastSeq });
    const first = chat!.lastSeq - FLOOD_BATCH + 1;
    const rows = await tx
      .insert(messages)
      .values(Array.from({ length: FLOOD_BATCH }, (_, i) => ({ chatId, senderId, kind: "text" as const, content: `flood ${from + i}`, seq: first + i })))
      .returning();
    for (const message of await hydrateMessages(tx, senderId, rows)) {
      emit({ type: "message:new", data: { chatId, message } }, { chatId });
    }
  });
}

/** Polls an asynchronous condition (waitFor's is synchronous). */
async function eventually(condition: () => Promise<boolean>, what: string) {
  let holds = false;
  const poll = async () => {
    while (!(holds = await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const polling = poll();
  await waitFor(() => holds, what);
  await polling;
}

async function deliveredSeq(chatId: string, userId: string) {
  const [row] = await world.db
    .select({ seq: chatMembers.lastDeliveredSeq })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
  return row!.seq;
}

test("a message counts as delivered once the client has read it, not when the server sent it", async () => {
  const [sender, reading, frozen] = [await world.signUp(), await world.signUp(), await world.signUp()];
  const chat = await sender.api.chats.createGroup({ title: "Receipts", memberIds: [reading.user.id, frozen.user.id] });
  const [readingClient, frozenClient] = [await connect(reading), await connect(frozen)];
  frozenClient.pause();

  const message = await sender.api.messages.send({ chatId: chat.id, content: "are you there?" });
  // Both streams were handed the message at the same moment; only one client read it.
  await eventually(async () => (await deliveredSeq(chat.id, reading.user.id)) === message.seq, "the reader's delivery");
  expect(readingClient.seqs.get(message.seq)).toBe(1);
  expect(await deliveredSeq(chat.id, frozen.user.id)).toBe(0);

  frozenClient.resume();
  await eventually(async () => (await deliveredSeq(chat.id, frozen.user.id)) === message.seq, "the frozen tab's delivery");
  expect(frozenClient.seqs.get(message.seq)).toBe(1);
  readingClient.close();
  frozenClient.close();
});

test("a client that stops reading is cut off at its bound, then resumes with every message", { timeout: 300_000 }, async () => {
  const [sender, frozen] = [await world.signUp(), await world.signUp()];
  const chat = await sender.api.chats.createGroup({ title: "Flood", memberIds: [frozen.user.id] });
  const client = await connect(frozen);
  client.pause();

  // The largest buffer the server ever held for the frozen client, sampled while sending.
  let largest = 0;
  const sample = setInterval(() => {
    for (const socket of world.deps.connections.socketsOf(frozen.user.id)) largest = Math.max(largest, socket.bufferedAmount);
  }, 5);
  const [serverSocket] = world.deps.connections.socketsOf(frozen.user.id);
  let closedWith: number | undefined;
  const close = serverSocket!.close.bind(serverSocket);
  serverSocket!.close = (code?: number, reason?: string | Buffer) => close((closedWith ??= code), reason);

  for (let sent = 0; sent < MESSAGES; sent += FLOOD_BATCH) await flood(chat.id, sender.user.id, sent);
  await waitFor(() => serverSocket!.readyState !== serverSocket!.OPEN, "the cut-off");
  clearInterval(sample);
  expect(closedWith).toBe(CloseCode.tooSlow);
  // One frame may land on top of a buffer just under the bound; nothing more.
  expect(largest).toBeLessThan(BUFFER_LIMIT + 16 * 1024);

  client.resume();
  await waitFor(() => client.seqs.size === MESSAGES, "every message after resuming", () => `${client.seqs.size} so far`, 120_000);
  expect(client.starts()).toBeGreaterThan(1);
  expect([...client.seqs.values()].every((count) => count === 1)).toBe(true);
  client.close();
});

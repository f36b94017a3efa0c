// kill -9 in the middle of a conversation: three people in a group send messages with client
// ids, each retrying a failed send with the same id, while the server process is killed with
// SIGKILL and started again on the same database. Every acknowledged message must be in the
// database exactly once, retries included, and every subscriber, resumed from its last event
// id by the tRPC client, must have received each message exactly once.
import { createTRPCClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import { and, eq, isNotNull } from "drizzle-orm";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { messages } from "@/server/db/schema";
import { waitFor } from "@/server/testing/harness";
import { createServerDatabase, type ServerDatabase, spawnServer, type SpawnedServer } from "@/server/testing/spawned-server";

const SENDS_EACH = 20;
/** The kill comes once this many sends have been acknowledged, with the rest on their way. */
const KILL_AFTER = 15;

let database: ServerDatabase;
let server: SpawnedServer | null = null;

beforeAll(async () => {
  database = await createServerDatabase();
});
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  await database?.drop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("messages acknowledged before and after a SIGKILL are stored and delivered exactly once", { timeout: 240_000 }, async () => {
  server = await spawnServer(database);
  // The restarted server listens where the first one did, as a restarted service would.
  const port = server.port;
  const base = `http://127.0.0.1:${port}`;

  const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/api/trpc`, transformer: superjson })] });
  const people = [];
  for (const name of ["ada", "bo", "cy"]) {
    const { user, token } = await anonymous.auth.register.mutate({
      username: `${name}_${Math.random().toString(36).slice(2, 8)}`,
      firstName: name,
      lastName: "Tester",
      age: 30,
      password: "secret-password",
    });
    const api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
    });
    people.push({ name, user, token, api });
  }
  const [owner, ...members] = people;
  const chat = await owner!.api.chats.createGroup.mutate({ title: "Kill -9", memberIds: members.map((m) => m.user.id) });

  // Each person listens on events.stream; on a lost connection the client reconnects and
  // resubscribes with the id of the last event it received.
  const subscribers = await Promise.all(
    people.map(async (person) => {
      const client = createWSClient({
        url: `ws://127.0.0.1:${port}/ws`,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        connectionParams: { token: person.token },
        retryDelayMs: () => 100,
      });
      const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
      const received: { eventId: string; messageId: string }[] = [];
      const eventIds: string[] = [];
      await new Promise<void>((resolve, reject) => {
        trpc.events.stream.subscribe(
          {},
          {
            onStarted: () => resolve(),
            onError: reject,
            onData: ({ id, data }) => {
              eventIds.push(id);
              if (data.type === "message:new" && data.data.chatId === chat.id) received.push({ eventId: id, messageId: data.data.message.id });
            },
          },
        );
      });
      return { person, client, received, eventIds };
    }),
  );

  // Each person sends in a loop; a send that fails (the server is gone) is retried with the
  // same client id until it is acknowledged.
  const acknowledged = new Map<string, string>();
  let retried = 0;
  const sending = people.map(async (person) => {
    for (let i = 0; i < SENDS_EACH; i++) {
      const clientId = `${person.name}-${i}`;
      for (let attempt = 0; ; attempt++) {
        try {
          const message = await person.api.messages.send.mutate({ chatId: chat.id, content: clientId, clientId });
          acknowledged.set(clientId, message.id);
          if (attempt > 0) retried += 1;
          break;
        } catch {
          await pause(50);
        }
      }
    }
  });

  await waitFor(() => acknowledged.size >= KILL_AFTER, "the first sends to be acknowledged", () => "", 60_000);
  server.child.kill("SIGKILL");
  expect(await server.exited).toEqual({ code: null, signal: "SIGKILL" });
  server = await spawnServer(database, { env: { API_SERVER_PORT: String(port) } });
  await Promise.all(sending);
  expect(acknowledged.size).toBe(people.length * SENDS_EACH);
  // The kill came mid-stream: some sends failed and went through on a retry.
  expect(retried).toBeGreaterThan(0);

  // A last message after everything: events arrive in id order, so once a subscriber has it,
  // it has everything before it, repeats included.
  const last = await owner!.api.messages.send.mutate({ chatId: chat.id, content: "the end", clientId: "the-end" });
  for (const subscriber of subscribers) {
    await waitFor(
      () => subscriber.received.some((r) => r.messageId === last.id),
      `${subscriber.person.name} to receive the last message`,
      () => `(${subscriber.received.length} received)`,
      60_000,
    );
  }
  await Promise.all(subscribers.map((s) => s.client.close()));
  await server.stop("SIGTERM");

  // In the database: one row per client id, the very message each sender was given.
  const handle = database.open();
  try {
    const rows = await handle.db
      .select({ id: messages.id, clientId: messages.clientId })
      .from(messages)
      .where(and(eq(messages.chatId, chat.id), isNotNull(messages.clientId)));
    const stored = new Map(rows.map((row) => [row.clientId!, row.id]));
    expect(rows.length).toBe(stored.size);
    expect(stored).toEqual(new Map([...acknowledged, ["the-end", last.id]]));
  } finally {
    await handle.close();
  }

  // Every subscriber received each message once, and no event twice.
  const expected = [...acknowledged.values(), last.id].sort();
  for (const subscriber of subscribers) {
    expect(subscriber.received.map((r) => r.messageId).sort()).toEqual(expected);
    expect(new Set(subscriber.eventIds).size).toBe(subscriber.eventIds.length);
  }
});

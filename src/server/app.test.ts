// The real server on a real port: tRPC over HTTP and WebSocket in one process, health, every
// way a WebSocket authenticates, close codes, reconnect without loss, and shutdown.
import { createTRPCClient, createWSClient, httpBatchLink, TRPCClientError, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { createRelayServer, type RelayServer } from "@/server/app";
import { SESSION_COOKIE } from "@/server/auth/token";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { brief, createTestWorld, type ReceivedEvent, type TestWorld, waitFor } from "@/server/testing/harness";

let world: TestWorld;
let relay: RelayServer;
let connections: ConnectionRegistry;
let base: string;
let wsBase: string;

beforeAll(async () => {
  world = await createTestWorld();
  connections = new ConnectionRegistry();
  relay = createRelayServer({ database: world.database, bus: world.bus, connections });
  const port = await relay.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
  wsBase = `ws://127.0.0.1:${port}/ws`;
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

function http(token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/api/trpc`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

/** Someone registered over HTTP, with an HTTP client signed in as them. */
async function person(name: string) {
  const { user, token } = await http().auth.register.mutate({
    username: `${name}_${Math.random().toString(36).slice(2, 8)}`,
    firstName: name,
    lastName: "Tester",
    age: 30,
    password: "secret-password",
  });
  return { user, token, api: http(token) };
}

type Subscriber = {
  events: ReceivedEvent[];
  until(predicate: (events: ReceivedEvent[]) => boolean, what?: string): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
};

/** Subscribes to `events.stream` with the tRPC WebSocket client; resolves once it listens. */
async function subscribe(
  userId: string,
  options: { url?: string; token?: string; lastEventId?: string; WebSocketImpl?: new (url: string) => WebSocket },
): Promise<Subscriber> {
  const client = createWSClient({
    url: options.url ?? wsBase,
    WebSocket: (options.WebSocketImpl ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    connectionParams: options.token ? { token: options.token } : undefined,
    retryDelayMs: () => 50,
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  const events: ReceivedEvent[] = [];
  let failure: unknown;
  const before = world.bus.listenerCount(userId);
  const subscription = trpc.events.stream.subscribe(options.lastEventId ? { lastEventId: options.lastEventId } : {}, {
    onData: ({ id, data }) => events.push({ id, ...data }),
    onError: (error) => (failure = error),
  });
  await waitFor(() => world.bus.listenerCount(userId) > before || failure !== undefined, "the WebSocket subscription");
  if (failure) throw failure;
  return {
    events,
    async until(predicate, what = "the expected events") {
      await waitFor(() => failure !== undefined || predicate(events), what, () => JSON.stringify(events.map(brief)));
      if (failure) throw failure;
      return events;
    },
    async close() {
      subscription.unsubscribe();
      await client.close();
    },
  };
}

const hasMessage = (content: string) => (events: ReceivedEvent[]) =>
  events.some((e) => e.type === "message:new" && e.data.message.content === content);

/** Opens a plain WebSocket and resolves with the close code the server ends it with. */
function closeCodeOf(url: string, options: { headers?: Record<string, string>; send?: string } = {}) {
  const socket = new WebSocket(url, { headers: options.headers });
  if (options.send) socket.once("open", () => socket.send(options.send!));
  return new Promise<number>((resolve, reject) => {
    socket.once("close", (code) => resolve(code));
    socket.once("error", reject);
  });
}

test("GET /api/health answers 200 with JSON", async () => {
  const response = await fetch(`${base}/api/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(await response.json()).toMatchObject({ status: "ok", checks: { database: "ok" }, websocket: true });
});

describe("HTTP", () => {
  test("Bearer tokens authenticate; refusals keep their codes and field errors over the wire", async () => {
    const ann = await person("ann");
    expect((await ann.api.auth.me.query()).id).toBe(ann.user.id);

    const anonymous = await http().auth.me.query().catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(TRPCClientError);
    expect((anonymous as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");

    const invalid = await ann.api.users.updateMe.mutate({ firstName: "" }).catch((e: unknown) => e);
    expect((invalid as TRPCClientError<AppRouter>).data?.code).toBe("BAD_REQUEST");
    expect((invalid as TRPCClientError<AppRouter>).data?.fieldErrors).toHaveProperty("firstName");
    expect(JSON.stringify((invalid as TRPCClientError<AppRouter>).data)).not.toContain("stack");

    await ann.api.auth.logout.mutate();
    const ended = await ann.api.auth.me.query().catch((e: unknown) => e);
    expect((ended as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
    expect(await closeCodeOf(`${wsBase}?token=${encodeURIComponent(ann.token)}`)).toBe(CloseCode.invalidToken);
  });
});

describe("WebSocket", () => {
  test("a message sent over HTTP reaches a WebSocket subscriber", async () => {
    const ann = await person("ann");
    const ben = await person("ben");
    const live = await subscribe(ben.user.id, { token: ben.token });

    const chat = await ann.api.chats.openDirect.mutate({ userId: ben.user.id });
    const sent = await ann.api.messages.send.mutate({ chatId: chat.id, content: "over the wire" });
    const events = await live.until(hasMessage("over the wire"));
    await live.close();

    expect(events[0]).toMatchObject({ type: "chat:updated", data: { chatId: chat.id, action: "created" } });
    const received = events.find((e) => e.type === "message:new");
    expect(received).toMatchObject({ data: { chatId: chat.id, message: { id: sent.id, senderId: ann.user.id } } });
    expect(received?.id).toMatch(/^\d+$/);
  });

  test("reconnecting with lastEventId receives exactly what was missed", async () => {
    const ann = await person("ann");
    const ben = await person("ben");
    const chat = await ann.api.chats.openDirect.mutate({ userId: ben.user.id });
    const first = await subscribe(ben.user.id, { token: ben.token });
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "before" });
    const lastEventId = (await first.until(hasMessage("before"))).at(-1)!.id;
    await first.close();

    const m1 = await ann.api.messages.send.mutate({ chatId: chat.id, content: "while away 1" });
    const m2 = await ann.api.messages.send.mutate({ chatId: chat.id, content: "while away 2" });

    const again = await subscribe(ben.user.id, { token: ben.token, lastEventId });
    await again.until(hasMessage("while away 2"));
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "back live" });
    const events = await again.until(hasMessage("back live"));
    await again.close();

    const messages = events.filter((e) => e.type === "message:new");
    expect(messages.map((e) => (e.type === "message:new" ? e.data.message.id : null)).slice(0, 2)).toEqual([m1.id, m2.id]);
    expect(messages.map(brief)).toEqual(["new:while away 1", "new:while away 2", "new:back live"]);
    const ids = events.map((e) => Number(e.id));
    expect(ids[0]).toBeGreaterThan(Number(lastEventId));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  test("when the server drops the socket, the client reconnects and loses nothing", async () => {
    const ann = await person("ann");
    const ben = await person("ben");
    const chat = await ann.api.chats.openDirect.mutate({ userId: ben.user.id });
    const live = await subscribe(ben.user.id, { token: ben.token });
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "one" });
    await live.until(hasMessage("one"));

    connections.closeUser(ben.user.id, 1012, "restarting");
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "two" });
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "three" });
    const events = await live.until(hasMessage("three"));
    await live.close();

    expect(events.filter((e) => e.type === "message:new").map(brief)).toEqual(["new:one", "new:two", "new:three"]);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  test("the ?token= URL form and the session cookie authenticate too", async () => {
    const ann = await person("ann");
    const ben = await person("ben");
    const viaUrl = await subscribe(ben.user.id, { url: `${wsBase}?token=${encodeURIComponent(ben.token)}` });
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: `theme=dark; ${SESSION_COOKIE}=${ben.token}` } });
      }
    }
    const viaCookie = await subscribe(ben.user.id, { WebSocketImpl: CookieWebSocket });

    const chat = await ann.api.chats.openDirect.mutate({ userId: ben.user.id });
    await ann.api.messages.send.mutate({ chatId: chat.id, content: "to every transport" });
    for (const live of [viaUrl, viaCookie]) {
      await live.until(hasMessage("to every transport"));
      await live.close();
    }
  });

  test("plain clients are closed with 4001 without a token and 4002 with a bad one", async () => {
    expect(await closeCodeOf(wsBase)).toBe(CloseCode.noToken);
    expect(await closeCodeOf(`${wsBase}?token=garbage`)).toBe(CloseCode.invalidToken);
    expect(await closeCodeOf(wsBase, { headers: { cookie: `${SESSION_COOKIE}=garbage` } })).toBe(CloseCode.invalidToken);
    const params = JSON.stringify({ method: "connectionParams", data: { token: "garbage" } });
    expect(await closeCodeOf(`${wsBase}?connectionParams=1`, { send: params })).toBe(CloseCode.invalidToken);
    expect(connections.count()).toBe(0);
  });

  test("a socket that leaves before it is signed in is not counted as live", async () => {
    const dora = await person("dora");
    const url = `${wsBase}?token=${encodeURIComponent(dora.token)}`;
    for (let i = 0; i < 5; i++) {
      const socket = new WebSocket(url);
      await new Promise((resolve) => socket.once("open", resolve));
      socket.terminate();
    }
    // A last socket that stays until it is signed in, then leaves normally.
    const last = new WebSocket(url);
    // Opened first: an earlier socket may still count as live for a moment, and closing one
    // that is still connecting throws.
    await new Promise((resolve) => last.once("open", resolve));
    await waitFor(() => connections.isOnline(dora.user.id), "the last socket to be signed in");
    last.close();
    await waitFor(() => !connections.isOnline(dora.user.id), "dora to be offline", () => `(${connections.count()} live)`);
  });

  test("shutdown() closes open sockets with 4007", async () => {
    const registry = new ConnectionRegistry();
    const second = createRelayServer({ database: world.database, bus: world.bus, connections: registry });
    const port = await second.listen(0, "127.0.0.1");
    const cleo = await person("cleo");
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(cleo.token)}`);
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    await waitFor(() => registry.isOnline(cleo.user.id), "the socket to be signed in");

    await second.shutdown();
    expect(await closed).toBe(CloseCode.serverShutdown);
    // The main server is unaffected.
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });
});

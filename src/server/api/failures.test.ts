// When the database is gone, a caller learns that something went wrong and a request id to
// quote, nothing more; the server log has the same id and what failed, without the query's
// parameters (session and user ids, a new account's password hash).
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from "@trpc/client";
import { getErrorShape, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { type AppRouter, appRouter } from "@/server/api/root";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
let ann: TestUser;
let ben: TestUser;
let chatId: string;
let relay: RelayServer;
let base: string;
let logged: string[] = [];
let wsClient: ReturnType<typeof createWSClient>;
let overWebSocket: ReturnType<typeof createTRPCClient<AppRouter>>;

beforeAll(async () => {
  world = await createTestWorld();
  const direct = await world.directChat();
  [ann, ben, chatId] = [direct.a, direct.b, direct.chatId];
  relay = createRelayServer({ database: world.database, bus: world.bus, connections: new ConnectionRegistry() });
  base = `http://127.0.0.1:${await relay.listen(0, "127.0.0.1")}`;
  wsClient = createWSClient({
    url: `${base.replace("http", "ws")}/ws`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: ann.token },
  });
  overWebSocket = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  await overWebSocket.auth.me.query(); // signed in on the socket while the database still answers
  // The outage: every query from here on fails.
  await world.close();
});
afterAll(async () => {
  await wsClient?.close();
  await relay?.shutdown();
});

const spies = () => {
  logged = [];
  const capture = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
  vi.spyOn(console, "error").mockImplementation(capture);
  vi.spyOn(console, "log").mockImplementation(capture);
};
afterEach(() => vi.restoreAllMocks());

/** The error as a client receives it, after the API's error formatter. */
async function shapeOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return getErrorShape({ config: appRouter._def._config, error, type: "mutation", path: undefined, input: undefined, ctx: undefined });
}

describe("an unexpected failure", () => {
  test("answers 'Something went wrong' with a request id the log also carries, and no parameters anywhere", async () => {
    spies();
    const shape = await shapeOf(ann.api.messages.send({ chatId, content: "are you there?" }));
    expect(shape.message).toBe("Something went wrong");
    expect(shape.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const answer = JSON.stringify(shape);
    const log = logged.join("\n");
    expect(log).toContain(shape.data.requestId!);
    for (const secret of [ann.user.id, ben.user.id, chatId, "are you there?"]) {
      expect(answer).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/params:/);
  });

  test("over HTTP, a registration answers 500 without SQL or the password hash, and logs neither", async () => {
    spies();
    const response = await fetch(`${base}/api/trpc/auth.register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { username: "outage_ann", firstName: "Ann", lastName: "Outage", age: 30, password: "secret-password" } }),
    });
    const body = await response.text();
    expect(response.status).toBe(500);
    const { error } = JSON.parse(body) as { error: { json: { message: string; data: { requestId: string } } } };
    expect(error.json.message).toBe("Something went wrong");
    expect(body).not.toMatch(/\$argon2|insert into|params|outage_ann/i);
    const log = logged.join("\n");
    expect(log).toContain(`auth.register failed (request ${error.json.data.requestId})`);
    expect(log).not.toMatch(/\$argon2|params:|outage_ann/);
  });

  test("over a WebSocket, the same answer and the same id in the log", async () => {
    spies();
    const error = await overWebSocket.messages.send.mutate({ chatId, content: "still there?" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const { message, data } = error as TRPCClientError<AppRouter>;
    expect(message).toBe("Something went wrong");
    expect(data?.requestId).toMatch(/^[0-9a-f]{16}$/);
    const log = logged.join("\n");
    expect(log).toContain(`WebSocket messages.send failed (request ${data!.requestId})`);
    for (const secret of [ann.user.id, chatId, "still there?"]) expect(log).not.toContain(secret);
  });
});

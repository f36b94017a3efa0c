// The limits on the real server: HTTP refusals are 429 with Retry-After, a batch has a
// ceiling, a socket that floods is closed with 4008, and addresses come from the socket.
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRelayServer, type RelayServer } from "@/server/app";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { createRateLimits } from "./limits";
import { testRateLimitConfig } from "./test-config";

let world: TestWorld;
let relay: RelayServer;
let base: string;

beforeAll(async () => {
  world = await createTestWorld();
  const limits = createRateLimits({ config: testRateLimitConfig({ sendsPer10s: 2, registrationsPerHour: 1, maxBatch: 4 }) });
  relay = createRelayServer({ database: world.database, bus: world.bus, connections: new ConnectionRegistry(), limits });
  const port = await relay.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

function post(path: string, input: unknown, token?: string) {
  return fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(superjson.serialize(input)),
  });
}

describe("HTTP", () => {
  test("a send past the budget is answered 429 with Retry-After and the wait in the message", async () => {
    const { a, chatId } = await world.directChat();
    for (let i = 0; i < 2; i++) expect((await post("messages.send", { chatId, content: `hi ${i}` }, a.token)).status).toBe(200);
    const refused = await post("messages.send", { chatId, content: "too many" }, a.token);
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.json.message).toBe(`Too many messages — try again in ${seconds} s`);

    // Refused again (now before the token is looked up), while reads still go through.
    const again = await post("messages.send", { chatId, content: "still too many" }, a.token);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    const me = await fetch(`${base}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(me.status).toBe(200);
  });

  test("registrations are counted per client address", async () => {
    const input = (username: string) => ({ username, firstName: "Ann", lastName: "Addr", age: 30, password: "secret-password" });
    expect((await post("auth.register", input(`addr_${Date.now() % 1e6}`))).status).toBe(200);
    const refused = await post("auth.register", input(`addr2_${Date.now() % 1e6}`));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  test("a batch over the ceiling is refused before any call runs", async () => {
    const { a } = await world.directChat();
    const paths = Array.from({ length: 5 }, () => "auth.me").join(",");
    const response = await fetch(`${base}/api/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Batch call exceeds maximum size");
  });
});

describe("WebSocket", () => {
  test("a socket sending frames faster than its bucket is closed with 4008", async () => {
    const { a } = await world.directChat();
    const socket = new WebSocket(`${base.replace("http", "ws")}/ws?token=${a.token}`);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const frame = (id: number) => JSON.stringify({ id, method: "query", params: { path: "auth.me", input: superjson.serialize({}) } });
    // One answered call first: the socket is signed in before the flood.
    const answered = new Promise((resolve) => socket.once("message", resolve));
    socket.send(frame(0));
    await answered;
    for (let i = 1; i <= 50; i++) socket.send(frame(i));
    expect(await closed).toEqual({ code: CloseCode.tooManyMessages, reason: "Too many messages" });
  });
});

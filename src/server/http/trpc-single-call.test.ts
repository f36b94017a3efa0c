// A single mutation over HTTP is answered by the server's own short path (trpc-single-call.ts).
// Each request here goes, byte for byte the same, to the real server and to a server made of
// tRPC's Node adapter alone: status, headers and body must not differ, for an answer and for
// every kind of refusal.
import { createServer, type Server } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appRouter } from "@/server/api/root";
import { createContextFromToken } from "@/server/api/trpc";
import { tokenFromHttpHeaders } from "@/server/auth/token";
import { retryAfterHeader } from "@/server/rate-limit/refusal";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { serveWorld, type ServedWorld } from "@/server/testing/serve-world";

let world: TestWorld;
let served: ServedWorld;
let adapterOnly: Server;
let adapterBase: string;

beforeAll(async () => {
  world = await createTestWorld();
  served = await serveWorld(world);
  adapterOnly = createServer((req, res) => {
    void nodeHTTPRequestHandler({
      req,
      res,
      router: appRouter,
      path: new URL(req.url ?? "/", "http://relay.local").pathname.slice("/api/trpc/".length),
      maxBodySize: 1024 * 1024,
      responseMeta: retryAfterHeader,
      createContext: () => createContextFromToken(world.deps, tokenFromHttpHeaders(req.headers)),
    });
  });
  await new Promise<void>((resolve) => adapterOnly.listen(0, "127.0.0.1", resolve));
  const address = adapterOnly.address();
  adapterBase = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => adapterOnly?.close(resolve));
  await served?.relay.shutdown();
  await world?.close();
});

type Call = { path: string; body: string; token?: string; contentType?: string };

async function answerOf(base: string, call: Call) {
  const res = await fetch(`${base}/api/trpc/${call.path}`, {
    method: "POST",
    headers: { "content-type": call.contentType ?? "application/json", ...(call.token ? { authorization: `Bearer ${call.token}` } : {}) },
    body: call.body,
  });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    vary: res.headers.get("vary"),
    retryAfter: res.headers.get("retry-after"),
    body: await res.text(),
  };
}

/** The answer of the adapter, then of the real server, which must be the same. */
async function bothWays(call: Call) {
  const adapter = await answerOf(adapterBase, call);
  const relay = await answerOf(served.base, call);
  expect(relay).toEqual(adapter);
  return relay;
}

const input = (value: unknown) => JSON.stringify(superjson.serialize(value));

describe("a single mutation over HTTP", () => {
  test("a send, retried with its client id, answers as the adapter does", async () => {
    const { a, chatId } = await world.directChat();
    const call = { path: "messages.send", token: a.token, body: input({ chatId, clientId: "same-send", content: "hello twice" }) };
    const answer = await bothWays(call);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { data: { json: { content: "hello twice", chatId } } } });
    // Charset and case in the media type make no difference.
    await bothWays({ ...call, contentType: "Application/JSON; charset=utf-8" });
    expect((await a.api.messages.list({ chatId })).items).toHaveLength(1);
  });

  test("refusals are the adapter's: no token, bad input, someone else's chat", async () => {
    const { a, chatId, outsider } = await world.directChat();
    const send = (token: string | undefined, value: unknown) => bothWays({ path: "messages.send", token, body: input(value) });

    expect((await send(undefined, { chatId, content: "anonymous" })).status).toBe(401);
    const invalid = await send(a.token, { chatId, content: "" });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.json.data.fieldErrors).toHaveProperty("content");
    expect((await send(outsider.token, { chatId, content: "let me in" })).status).toBe(404);
    expect((await bothWays({ path: "users.updateMe", token: a.token, body: input({ firstName: 42 }) })).status).toBe(400);
  });

  test("a body that is not JSON, an empty one and one past the limit are refused alike", async () => {
    const { a } = await world.directChat();
    expect((await bothWays({ path: "messages.send", token: a.token, body: "{not json" })).status).toBe(400);
    expect((await bothWays({ path: "messages.send", token: a.token, body: "" })).status).toBe(400);
    const huge = input({ chatId: "c", content: "x".repeat(1024 * 1024) });
    expect((await bothWays({ path: "messages.send", token: a.token, body: huge })).status).toBe(413);
  });

  test("what the short path leaves alone still works: a query, a batch, an unknown path", async () => {
    const { a } = await world.directChat();
    expect((await bothWays({ path: "auth.me", token: a.token, body: "" })).status).toBe(405);
    expect((await bothWays({ path: "no.such", token: a.token, body: input({}) })).status).toBe(404);
    const batch = await fetch(`${served.base}/api/trpc/users.updateMe?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ 0: superjson.serialize({ bio: "batched" }) }),
    });
    expect(batch.status).toBe(200);
    expect((await a.api.auth.me()).bio).toBe("batched");
  });
});

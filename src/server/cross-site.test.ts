// The real server refuses to act with the session cookie for pages of other origins: a socket,
// a tRPC call or an upload that another site's page makes with the victim's cookie attached.
// Tokens the client sends itself (Bearer, connection params, ?token=) work from anywhere.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { createRelayServer, type RelayServer } from "@/server/app";
import { SESSION_COOKIE } from "@/server/auth/token";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { createStorages } from "@/server/storage";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";

const FRONT_END = "http://front.example:8080";
let world: TestWorld;
let relay: RelayServer;
let connections: ConnectionRegistry;
let dataDir: string;
let wsUrl: string;
let own: string;
let victim: TestUser;
const evil = "http://127.0.0.1:4201";

beforeAll(async () => {
  world = await createTestWorld();
  dataDir = await mkdtemp(path.join(tmpdir(), "relay-cross-site-"));
  connections = new ConnectionRegistry();
  relay = createRelayServer({
    database: world.database,
    bus: world.bus,
    connections,
    files: { storages: createStorages({ dataDir }), maxUploadBytes: 1024 * 1024, uploadthing: null },
    origins: { appOrigin: null, allowedOrigins: [FRONT_END] },
  });
  const port = await relay.listen(0, "127.0.0.1");
  own = `http://127.0.0.1:${port}`;
  wsUrl = `ws://127.0.0.1:${port}/ws`;
  victim = await world.signUp();
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const cookieOf = (user: TestUser) => `theme=dark; ${SESSION_COOKIE}=${user.token}`;

/** A socket opened as a browser on `origin` would, asking auth.me; its answer or its close code. */
function askWhoAmI(url: string, headers: Record<string, string>) {
  class BrowserLikeWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let closed: (code: number | undefined) => void;
  const closeCode = new Promise<number | undefined>((resolve) => (closed = resolve));
  const client = createWSClient({
    url,
    WebSocket: BrowserLikeWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 60_000,
    onClose: (cause) => closed(cause?.code),
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  return trpc.auth.me
    .query()
    .then((me) => ({ me: me.id as string | null, closeCode: undefined as number | undefined }))
    // Refused: the server answers with the error, then closes; wait for the close code.
    .catch(async () => ({ me: null, closeCode: await closeCode }))
    .finally(() => client.close());
}

describe("WebSocket", () => {
  test("the cookie from another origin's page is refused with 4003 before anything runs", async () => {
    for (const origin of [evil, "http://evil.example", "null"]) {
      expect(await askWhoAmI(wsUrl, { origin, cookie: cookieOf(victim) })).toEqual({ me: null, closeCode: CloseCode.crossSite });
    }
    expect(connections.isOnline(victim.user.id)).toBe(false);
  });

  test("the cookie from the app's own page, or from an ALLOWED_ORIGINS front-end, signs in", async () => {
    expect((await askWhoAmI(wsUrl, { origin: own, cookie: cookieOf(victim) })).me).toBe(victim.user.id);
    expect((await askWhoAmI(wsUrl, { origin: FRONT_END, cookie: cookieOf(victim) })).me).toBe(victim.user.id);
    // A non-browser client sending the cookie itself has no origin to check.
    expect((await askWhoAmI(wsUrl, { cookie: cookieOf(victim) })).me).toBe(victim.user.id);
  });

  test("a token the client sends works from any origin, even with a cookie attached", async () => {
    const other = await world.signUp();
    const viaUrl = await askWhoAmI(`${wsUrl}?token=${encodeURIComponent(other.token)}`, { origin: evil, cookie: cookieOf(victim) });
    expect(viaUrl.me).toBe(other.user.id);

    const client = createWSClient({
      url: wsUrl,
      WebSocket: class extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: { origin: evil, cookie: cookieOf(victim) } });
        }
      } as unknown as typeof globalThis.WebSocket,
      connectionParams: { token: other.token },
    });
    const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
    expect((await trpc.auth.me.query()).id).toBe(other.user.id);
    await client.close();
  });
});

describe("tRPC over HTTP", () => {
  const me = (headers: Record<string, string>) => fetch(`${own}/api/trpc/auth.me`, { headers });

  test("the cookie from another origin's page is refused with FORBIDDEN", async () => {
    const response = await me({ origin: evil, cookie: cookieOf(victim) });
    expect(response.status).toBe(403);
    // tRPC's error shape, superjson-encoded.
    const { error } = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(error.json.data.code).toBe("FORBIDDEN");
    expect(error.json.message).toMatch(/Bearer/);
    // A navigation or an <img> from a sibling site sends no Origin, but says where it came from.
    expect((await me({ "sec-fetch-site": "same-site", cookie: cookieOf(victim) })).status).toBe(403);
  });

  test("our own page, an allowed front-end, a Bearer token or no cookie at all are answered", async () => {
    expect((await me({ origin: own, cookie: cookieOf(victim) })).status).toBe(200);
    expect((await me({ origin: FRONT_END, cookie: cookieOf(victim) })).status).toBe(200);
    expect((await me({ origin: evil, cookie: cookieOf(victim), authorization: `Bearer ${victim.token}` })).status).toBe(200);
    // Signing up from another front-end needs no cookie, so nothing to refuse.
    expect((await me({ origin: evil })).status).toBe(401);
  });

  test("API responses are data only: nosniff, not frameable", async () => {
    const response = await me({ origin: own, cookie: cookieOf(victim) });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("uploads", () => {
  async function post(headers: Record<string, string>) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await sample.png())], { type: "image/png" }), "photo.png");
    return fetch(`${own}/api/files`, { method: "POST", body: form, headers });
  }

  test("the cookie from another origin's page is refused with 403", async () => {
    const response = await post({ origin: evil, cookie: cookieOf(victim) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/Bearer/) });
  });

  test("our own page's cookie, or a Bearer token from anywhere, uploads", async () => {
    expect((await post({ origin: own, cookie: cookieOf(victim) })).status).toBe(201);
    expect((await post({ origin: evil, authorization: `Bearer ${victim.token}` })).status).toBe(201);
  });
});

describe("behind https (AUTH_URL)", () => {
  test("only its origin is the app's own, and responses ask browsers to stay on https", async () => {
    const registry = new ConnectionRegistry();
    const hosted = createRelayServer({
      database: world.database,
      bus: world.bus,
      connections: registry,
      origins: { appOrigin: "https://chat.example.com", allowedOrigins: [] },
    });
    const port = await hosted.listen(0, "127.0.0.1");
    try {
      const me = (origin: string) => fetch(`http://127.0.0.1:${port}/api/trpc/auth.me`, { headers: { origin, cookie: cookieOf(victim) } });
      const ours = await me("https://chat.example.com");
      expect(ours.status).toBe(200);
      expect(ours.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
      // The Host no longer decides: the public origin is known.
      expect((await me(`http://127.0.0.1:${port}`)).status).toBe(403);
    } finally {
      await hosted.shutdown();
    }
  });
});

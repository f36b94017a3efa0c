// The admin dashboard on the real server: an admin whose live stream has started counts as a
// live connection and reads themselves online at once, and no longer once it closes.
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { createTestWorld, type TestUser, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
let relay: RelayServer;
let wsBase: string;
let admin: TestUser;

beforeAll(async () => {
  world = await createTestWorld();
  relay = createRelayServer({ database: world.database, bus: world.bus, connections: new ConnectionRegistry() });
  wsBase = `ws://127.0.0.1:${await relay.listen(0, "127.0.0.1")}/ws`;
  admin = await world.makeAdmin(await world.signUp({ username: "dash_admin" }));
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

/** Opens `person`'s live stream as the browser does; resolves once it has started. */
async function openStream(person: TestUser) {
  const client = createWSClient({
    url: wsBase,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: person.token },
    retryDelayMs: () => 60_000,
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  await new Promise<void>((resolve, reject) => {
    trpc.events.stream.subscribe({}, { onStarted: () => resolve(), onError: reject });
  });
  return client;
}

async function dashboard() {
  const stats = await admin.api.admin.stats();
  const listed = await admin.api.admin.users({ q: "dash_admin" });
  return { live: stats.liveConnections, online: listed.items.find((u) => u.id === admin.user.id)?.online };
}

test("my started stream is a live connection and shows me online; closed, neither", async () => {
  expect(await dashboard()).toEqual({ live: 0, online: false });

  const client = await openStream(admin);
  expect(await dashboard()).toEqual({ live: 1, online: true });
  const second = await openStream(admin);
  expect(await dashboard()).toEqual({ live: 2, online: true });

  await second.close();
  await client.close();
  const deadline = Date.now() + 10_000;
  while ((await dashboard()).live > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await dashboard()).toEqual({ live: 0, online: false });
});

// A ban and a disconnect on the real server: open WebSockets close with 4005 / 4004 as the
// admin acts, and a banned token is then refused over HTTP (Bearer and cookie) and WebSocket.
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { eq } from "drizzle-orm";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import type { RelayServer } from "@/server/app";
import { SESSION_COOKIE } from "@/server/auth/token";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { users } from "@/server/db/schema";
import { createTestWorld, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { serveWorld } from "@/server/testing/serve-world";

let world: TestWorld;
let relay: RelayServer;
let admin: TestUser;
let base: string;
let wsBase: string;

beforeAll(async () => {
  world = await createTestWorld();
  ({ relay, base, wsBase } = await serveWorld(world));
  admin = await world.makeAdmin(await world.signUp());
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

function http(headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${base}/api/trpc`, transformer: superjson, headers })],
  });
}

type Closed = { code: number; reason: string };

/** Opens a socket as the token's holder and resolves once the server has registered it. */
async function connect(person: TestUser): Promise<{ closed: Promise<Closed> }> {
  const before = world.deps.connections.count();
  const socket = new WebSocket(`${wsBase}?token=${encodeURIComponent(person.token)}`);
  const closed = new Promise<Closed>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await waitFor(() => world.deps.connections.count() > before, "the socket to be registered");
  return { closed };
}

async function wentOffline(userId: string): Promise<void> {
  for (;;) {
    const [row] = await world.db.select({ online: users.online }).from(users).where(eq(users.id, userId));
    if (!row?.online) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function closeOf(url: string): Promise<Closed> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe("ban", () => {
  test("closes every open socket with 4005 and the reason; the token then fails on every transport", async () => {
    const eve = await world.signUp();
    const [phone, laptop] = [await connect(eve), await connect(eve)];
    expect(world.deps.connections.isOnline(eve.user.id)).toBe(true);

    await admin.api.admin.ban({ userId: eve.user.id, reason: "Harassment" });
    const expected = { code: CloseCode.banned, reason: "This account has been banned by an admin. Reason: Harassment" };
    expect(await phone.closed).toEqual(expected);
    expect(await laptop.closed).toEqual(expected);

    for (const client of [http({ authorization: `Bearer ${eve.token}` }), http({ cookie: `${SESSION_COOKIE}=${eve.token}` })]) {
      await expect(client.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    }
    // A reconnecting client learns why instead of retrying.
    expect(await closeOf(`${wsBase}?token=${encodeURIComponent(eve.token)}`)).toEqual(expected);
    await expect(
      http({}).auth.login.mutate({ username: eve.user.username, password: eve.password }),
    ).rejects.toMatchObject({ message: expected.reason, data: { code: "FORBIDDEN" } });
  });

  test("a long reason is cut to fit the close frame", async () => {
    const fred = await world.signUp();
    const socket = await connect(fred);
    await admin.api.admin.ban({ userId: fred.user.id, reason: "é".repeat(400) });
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.banned);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason.endsWith("…")).toBe(true);
  });
});

describe("a socket still authenticating when its user's sockets are closed", () => {
  test("learns of it from the registry's mark and is not registered", () => {
    const registry = new ConnectionRegistry();
    const mark = registry.mark();
    registry.closeUser("banned-user", CloseCode.banned, "Banned");
    expect(registry.closedSince("banned-user", mark)).toBe(true);
    expect(registry.closedSince("someone-else", mark)).toBe(false);
    expect(registry.closedSince("banned-user", registry.mark())).toBe(false);
  });
});

describe("disconnect", () => {
  test("closes the person's sockets with 4004; they may connect again", async () => {
    const gil = await world.signUp();
    const socket = await connect(gil);
    expect(await admin.api.admin.disconnect({ userId: gil.user.id })).toEqual({ closed: 1 });
    expect(await socket.closed).toEqual({ code: CloseCode.disconnectedByAdmin, reason: "Disconnected by an admin" });
    await waitFor(() => !world.deps.connections.isOnline(gil.user.id), "the server to let go of the socket");
    const again = await connect(gil);
    expect(world.deps.connections.isOnline(gil.user.id)).toBe(true);
    const audit = await admin.api.admin.auditLog({});
    expect(audit.items[0]).toMatchObject({ action: "disconnect", targetUser: { id: gil.user.id }, actor: { id: admin.user.id } });

    // A role change reconnects them too, so the socket carries the new role.
    await admin.api.admin.setRole({ userId: gil.user.id, role: "admin" });
    expect((await again.closed).code).toBe(CloseCode.disconnectedByAdmin);
    // The server records that they went offline before the database closes.
    await wentOffline(gil.user.id);
  });
});

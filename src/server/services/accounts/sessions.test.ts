// Signed-in devices: the list of my sessions, signing one or all the others out (on the real
// server, where their sockets must close at once), and "last used" kept without a write per request.
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCaller, type AppRouter } from "@/server/api/root";
import type { RelayServer } from "@/server/app";
import { issueToken } from "@/server/auth/token";
import { CloseCode } from "@/server/connections";
import { sessions } from "@/server/db/schema";
import { createTestWorld, refusal, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { serveWorld } from "@/server/testing/serve-world";
import { SessionActivity } from "@/server/services/accounts/session-activity";
import { authenticate, createSession } from "@/server/services/accounts/users";

const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36";

let world: TestWorld;
let relay: RelayServer;
let base: string;
let wsBase: string;

beforeAll(async () => {
  world = await createTestWorld();
  ({ relay, base, wsBase } = await serveWorld(world));
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

/** A browser sign-in for `person`, as next-auth's Credentials provider makes one; returns its token. */
async function signInWithBrowser(person: TestUser, userAgent = CHROME_ON_LINUX): Promise<string> {
  const sid = await createSession(world.db, person.user.id, { kind: "browser", userAgent });
  return issueToken({ sub: person.user.id, sid });
}

/** auth.login over the API, as a program sending `userAgent` would call it. */
async function signInWithApi(person: TestUser, userAgent?: string): Promise<string> {
  const api = createCaller({ ...world.deps, user: null, client: { userAgent } });
  return (await api.auth.login({ username: person.user.username, password: person.password })).token;
}

function http(token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
  });
}

type Closed = { code: number; reason: string };

/** Opens a socket with `token` and resolves once the server has registered it. */
async function connect(token: string): Promise<{ socket: WebSocket; closed: Promise<Closed> }> {
  const before = world.deps.connections.count();
  const socket = new WebSocket(`${wsBase}?token=${encodeURIComponent(token)}`);
  const closed = new Promise<Closed>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await waitFor(() => world.deps.connections.count() > before, "the socket to be registered");
  return { socket, closed };
}

describe("auth.sessions", () => {
  test("lists my browser and API sessions with their devices, this one first and flagged", async () => {
    const ada = await world.signUp();
    const browserToken = await signInWithBrowser(ada);
    await signInWithApi(ada, "curl/8.5.0");
    const laptop = await world.callerFor(browserToken);

    const list = await laptop.auth.sessions();
    expect(list.map(({ kind, label, current }) => ({ kind, label, current }))).toEqual([
      { kind: "browser", label: "Chrome on Linux", current: true },
      // auth.login with a User-Agent, then auth.register's session (in-process: no User-Agent).
      { kind: "api", label: "curl", current: false },
      { kind: "api", label: "API client", current: false },
    ]);
    for (const session of list) {
      expect(session.lastUsedAt.getTime()).toBeGreaterThanOrEqual(session.createdAt.getTime());
    }
    // Nothing of the token or the raw User-Agent leaks into the list.
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "current", "id", "kind", "label", "lastUsedAt"]);
  });

  test("lists neither someone else's sessions nor ones already signed out", async () => {
    const [bea, cal] = [await world.signUp(), await world.signUp()];
    await signInWithBrowser(cal);
    const second = await signInWithApi(bea);
    await (await world.callerFor(second)).auth.logout();
    const list = await bea.api.auth.sessions();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ current: true, kind: "api" });
  });
});

describe("auth.revokeSession", () => {
  test("someone else's session does not exist for me, and keeps working", async () => {
    const [dan, eve] = [await world.signUp(), await world.signUp()];
    const [eveSession] = await eve.api.auth.sessions();
    const error = await refusal(dan.api.auth.revokeSession({ sessionId: eveSession!.id }));
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "Session not found" });
    expect((await eve.api.auth.me()).id).toBe(eve.user.id);
  });

  test("stops that token over HTTP and closes its sockets at once; this session stays signed in", async () => {
    const fay = await world.signUp();
    const phoneToken = await signInWithBrowser(fay);
    const [phoneSocket, laptopSocket] = [await connect(phoneToken), await connect(fay.token)];
    const phone = (await fay.api.auth.sessions()).find((s) => !s.current)!;

    await expect(fay.api.auth.revokeSession({ sessionId: phone.id })).resolves.toEqual({ current: false });

    expect(await phoneSocket.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out from another device" });
    await expect(http(phoneToken).auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    // This device: HTTP works and its socket is still open.
    expect((await http(fay.token).auth.me.query()).id).toBe(fay.user.id);
    expect(laptopSocket.socket.readyState).toBe(WebSocket.OPEN);
    expect((await fay.api.auth.sessions()).map((s) => s.id)).not.toContain(phone.id);
    // Signed out already: there is nothing left to sign out.
    expect((await refusal(fay.api.auth.revokeSession({ sessionId: phone.id }))).code).toBe("NOT_FOUND");
    laptopSocket.socket.close();
  });

  test("the current session may be revoked: that is signing out here, sockets and all", async () => {
    const gus = await world.signUp();
    const socket = await connect(gus.token);
    const [current] = await gus.api.auth.sessions();
    await expect(gus.api.auth.revokeSession({ sessionId: current!.id })).resolves.toEqual({ current: true });
    expect(await socket.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out" });
    await expect(http(gus.token).auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  test("auth.logout closes this session's sockets too, and no other session's", async () => {
    const hal = await world.signUp();
    const otherToken = await signInWithApi(hal);
    const [mine, other] = [await connect(hal.token), await connect(otherToken)];
    await hal.api.auth.logout();
    expect(await mine.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out" });
    expect(other.socket.readyState).toBe(WebSocket.OPEN);
    other.socket.close();
  });

  test("refuses a malformed session id with a field error", async () => {
    const ida = await world.signUp();
    const error = await refusal(ida.api.auth.revokeSession({ sessionId: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toHaveProperty("sessionId");
  });
});

describe("auth.revokeOtherSessions", () => {
  test("signs out every other session, says how many, and leaves this one", async () => {
    const jon = await world.signUp();
    const others = [await signInWithBrowser(jon), await signInWithApi(jon, "python-requests/2.31")];
    // One after the other: connect() waits for the registry's count to grow, which one socket
    // registering would satisfy for both.
    const sockets = [await connect(others[0]!), await connect(others[1]!)];
    const mine = await connect(jon.token);

    await expect(jon.api.auth.revokeOtherSessions()).resolves.toEqual({ count: 2 });

    for (const socket of sockets) {
      expect(await socket.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out from another device" });
    }
    for (const token of others) {
      await expect(http(token).auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    }
    expect(mine.socket.readyState).toBe(WebSocket.OPEN);
    expect((await jon.api.auth.sessions()).map((s) => s.current)).toEqual([true]);
    await expect(jon.api.auth.revokeOtherSessions()).resolves.toEqual({ count: 0 });
    mine.socket.close();
  });
});

describe("last used", () => {
  async function lastUsedAt(sessionId: string): Promise<Date | null> {
    const [row] = await world.db.select({ at: sessions.lastUsedAt }).from(sessions).where(eq(sessions.id, sessionId));
    return row!.at;
  }

  test("moves forward with use, written at most once a minute per session", async () => {
    const kim = await world.signUp();
    const [session] = await kim.api.auth.sessions();
    const created = await lastUsedAt(session!.id);
    let now = Date.now() + 10 * 60_000;
    const activity = new SessionActivity(() => now);
    const use = async () => {
      expect(await authenticate(world.db, kim.token, activity)).toMatchObject({ id: kim.user.id });
      await activity.settled();
    };

    await use();
    const first = new Date(now);
    expect(await lastUsedAt(session!.id)).toEqual(first);
    expect(first.getTime()).toBeGreaterThan(created!.getTime());

    // Within the minute: no write, from this process or another one (its own stamps, same rows).
    now += 30_000;
    await use();
    await use();
    const otherProcess = new SessionActivity(() => now);
    expect(await authenticate(world.db, kim.token, otherProcess)).not.toBeNull();
    await otherProcess.settled();
    expect(await lastUsedAt(session!.id)).toEqual(first);

    now += 31_000;
    await use();
    expect(await lastUsedAt(session!.id)).toEqual(new Date(now));
    expect((await kim.api.auth.sessions())[0]!.lastUsedAt).toEqual(new Date(now));
  });

  test("a session unused for longer than a token lives is not listed", async () => {
    const lea = await world.signUp();
    const oldToken = await signInWithApi(lea);
    const old = (await lea.api.auth.sessions()).find((s) => !s.current)!;
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    await world.db.update(sessions).set({ createdAt: longAgo, lastUsedAt: longAgo }).where(eq(sessions.id, old.id));
    expect((await lea.api.auth.sessions()).map((s) => s.id)).not.toContain(old.id);
    // Still signed out by "all other devices", in case its holder refreshed it some other way.
    await expect(lea.api.auth.revokeOtherSessions()).resolves.toEqual({ count: 1 });
    expect(await authenticate(world.db, oldToken)).toBeNull();
  });
});

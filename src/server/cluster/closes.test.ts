// Two instances sharing one Redis, each with its own registry, link and server on one test
// database: a ban, a sign-out, an admin's disconnect decided on instance A close the sockets on
// instance B too, with the same codes; a socket B was still authenticating is refused; and B
// catches up on the closes it missed while its link was down.
// Runs against the real Redis at REDIS_URL (CI sets it; the default is the local server).
import { randomBytes } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RelayServer } from "@/server/app";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { users } from "@/server/db/schema";
import { openRedis } from "@/server/redis";
import { banUser, setRole } from "@/server/services/admin/users";
import { revokeOwnSession } from "@/server/services/accounts/sessions";
import { authenticate } from "@/server/services/accounts/users";
import { createTestWorld, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { serveWorld } from "@/server/testing/serve-world";
import { shareCloses } from "./closes";
import { type ClusterLink, openClusterLink } from "./link";

/** A registry that lets a test know when the server takes a mark for a socket it authenticates. */
class MarkedRegistry extends ConnectionRegistry {
  private onMark: ((mark: number) => void) | null = null;
  nextMark(): Promise<number> {
    return new Promise((resolve) => (this.onMark = resolve));
  }
  mark(): number {
    const mark = super.mark();
    this.onMark?.(mark);
    this.onMark = null;
    return mark;
  }
}

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `relay-test:${randomBytes(6).toString("hex")}:`;
/** Names instance B's connections, so that a test can cut its subscriber off. */
const nameOfB = `relay-test-b-${randomBytes(4).toString("hex")}`;
const redisA = openRedis(REDIS_URL);
const redisB = new Redis(REDIS_URL, { connectionName: nameOfB });

let world: TestWorld;
let admin: TestUser;
let linkA: ClusterLink;
let linkB: ClusterLink;
let registryA: ConnectionRegistry;
const registryB = new MarkedRegistry();
let serverA: RelayServer;
let serverB: RelayServer;
let wsA: string;
let wsB: string;

beforeAll(async () => {
  world = await createTestWorld();
  admin = await world.makeAdmin(await world.signUp());
  linkA = openClusterLink(redisA, { prefix });
  linkB = openClusterLink(redisB, { prefix });
  // The world's callers (admin.api and everyone's) act through instance A.
  registryA = shareCloses(world.deps.connections, linkA, world.db);
  shareCloses(registryB, linkB, world.db);
  ({ relay: serverA, wsBase: wsA } = await serveWorld(world));
  ({ relay: serverB, wsBase: wsB } = await serveWorld(world, { connections: registryB }));
  await hears(registryA, registryB);
  await hears(registryB, registryA);
});
afterAll(async () => {
  await serverA?.shutdown();
  await serverB?.shutdown();
  // The servers record who went offline as the shutdown closes their sockets.
  await waitFor(() => registryA.count() + registryB.count() === 0, "the servers to let go of every socket");
  await everyoneOffline();
  linkA?.close();
  linkB?.close();
  redisA.disconnect();
  redisB.disconnect();
  await world?.close();
});

async function everyoneOffline(): Promise<void> {
  for (;;) {
    const [row] = await world.db.select({ online: count() }).from(users).where(eq(users.online, true));
    if (!row?.online) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once `to` hears closes from `from` (their subscriptions are in place). */
async function hears(from: ConnectionRegistry, to: ConnectionRegistry): Promise<void> {
  const probe = `probe-${randomBytes(4).toString("hex")}`;
  const mark = to.mark();
  await waitFor(() => {
    from.closeSession(probe, CloseCode.disconnectedByAdmin, "probe");
    return to.closedSince("nobody", mark, probe);
  }, "the instances to hear each other");
}

type Closed = { code: number; reason: string };
type Open = { socket: WebSocket; closed: Promise<Closed> };

function open(wsBase: string, token: string): Open {
  const socket = new WebSocket(`${wsBase}?token=${encodeURIComponent(token)}`);
  const closed = new Promise<Closed>((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return { socket, closed };
}

/** Opens a socket on an instance and resolves once that instance has registered it. */
async function connect(registry: ConnectionRegistry, wsBase: string, person: { user: { id: string }; token: string }): Promise<Open> {
  const before = registry.socketsOf(person.user.id).length;
  const opened = open(wsBase, person.token);
  await waitFor(() => registry.socketsOf(person.user.id).length > before, "the socket to be registered");
  return opened;
}

/** A second sign-in of `person`: another session, with a token of its own. */
async function signInAgain(person: TestUser) {
  const { token } = await world.anonymous.auth.login({ username: person.user.username, password: person.password });
  return { user: person.user, token };
}

/** Drops instance B's subscriber connection: whatever is published until it is back is lost to B. */
async function cutOffB(): Promise<void> {
  const clients = (await redisA.client("LIST")) as string;
  const subscriber = clients
    .split("\n")
    .find((line) => line.includes(` name=${nameOfB} `) && /\bflags=\w*P/.test(line));
  const id = subscriber?.match(/^id=(\d+)/)?.[1];
  if (!id) throw new Error(`no subscriber named ${nameOfB} in CLIENT LIST`);
  await redisA.client("KILL", "ID", id);
}

describe("closes reach every instance", () => {
  test("a ban through instance A closes the person's sockets on both instances with 4005 and the reason", async () => {
    const eve = await world.signUp();
    const onA = await connect(registryA, wsA, eve);
    const onB = await connect(registryB, wsB, eve);

    await admin.api.admin.ban({ userId: eve.user.id, reason: "Harassment" });
    const expected = { code: CloseCode.banned, reason: "This account has been banned by an admin. Reason: Harassment" };
    expect(await onA.closed).toEqual(expected);
    expect(await onB.closed).toEqual(expected);
    await waitFor(() => !registryB.isOnline(eve.user.id), "instance B to let go of the socket");
  });

  test("signing a session out closes that session's sockets on the other instance, and only those", async () => {
    const fay = await world.signUp();
    const other = await signInAgain(fay);
    const kept = await connect(registryB, wsB, fay);
    const signedOut = await connect(registryB, wsB, other);
    const otherSession = (await fay.api.auth.sessions()).find((session) => !session.current)!;

    await fay.api.auth.revokeSession({ sessionId: otherSession.id });
    expect(await signedOut.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out from another device" });
    // Both sockets were B's to close in one go: once B lets go of the one, the other is open.
    await waitFor(() => registryB.socketsOf(fay.user.id).length === 1, "instance B to let go of the signed-out socket");
    expect(kept.socket.readyState).toBe(WebSocket.OPEN);
    kept.socket.close();
    await kept.closed;
  });

  test("a role change through instance A reconnects the person's sockets on B with 4004", async () => {
    const gus = await world.signUp();
    const onB = await connect(registryB, wsB, gus);
    await admin.api.admin.setRole({ userId: gus.user.id, role: "admin" });
    expect(await onB.closed).toEqual({ code: CloseCode.disconnectedByAdmin, reason: "Your role changed; reconnect" });
  });

  test("an admin's disconnect closes the sockets of every instance and counts them all", async () => {
    const gil = await world.signUp();
    const sockets = [await connect(registryA, wsA, gil), await connect(registryB, wsB, gil), await connect(registryB, wsB, gil)];

    expect(await admin.api.admin.disconnect({ userId: gil.user.id })).toEqual({ closed: 3 });
    for (const { closed } of sockets) expect(await closed).toEqual({ code: CloseCode.disconnectedByAdmin, reason: "Disconnected by an admin" });
  });

  test("a socket instance B was still authenticating when A closed its user's sockets is refused", async () => {
    // A sign-in not used yet: its check goes to the database (a used one is remembered a moment).
    const hal = await signInAgain(await world.signUp());
    // Holds B's token check at the database until A's close has reached B.
    let release!: () => void;
    let holding!: Promise<void>;
    await new Promise<void>((locked) => {
      holding = world.db.transaction(async (tx) => {
        await tx.execute(sql`lock table sessions in access exclusive mode`);
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
    });
    const marked = registryB.nextMark();
    const socket = open(wsB, hal.token);
    const mark = await marked;

    registryA.closeUser(hal.user.id, CloseCode.banned, "Banned");
    await waitFor(() => registryB.closedSince(hal.user.id, mark), "instance B to hear of the close");
    release();
    await holding;

    expect(await socket.closed).toEqual({ code: CloseCode.disconnectedByAdmin, reason: "Reconnect" });
    expect(registryB.isOnline(hal.user.id)).toBe(false);
  });
});

describe("closes instance B missed while cut off from Redis", () => {
  test("are found in the database once B's link is back: bans, sign-outs and role changes", async () => {
    const [ivy, jon, kim, bystander] = [await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp()];
    const sockets = {
      ivy: await connect(registryB, wsB, ivy),
      jon: await connect(registryB, wsB, jon),
      kim: await connect(registryB, wsB, kim),
      bystander: await connect(registryB, wsB, bystander),
    };
    // Decided where no instance hears of it, as if the message to B were lost.
    const unheard = { db: world.db, connections: new ConnectionRegistry() };
    await banUser(unheard, admin.user, { userId: ivy.user.id, reason: "Spam" });
    const jonSession = (await authenticate(world.db, jon.token))!;
    await revokeOwnSession(unheard, jonSession, jonSession.sessionId);
    await setRole(unheard, admin.user, { userId: kim.user.id, role: "admin" });
    expect([ivy, jon, kim].every((person) => registryB.isOnline(person.user.id))).toBe(true);

    await cutOffB();
    expect(await sockets.ivy.closed).toEqual({ code: CloseCode.banned, reason: "This account has been banned by an admin. Reason: Spam" });
    expect(await sockets.jon.closed).toEqual({ code: CloseCode.sessionRevoked, reason: "Signed out" });
    expect(await sockets.kim.closed).toEqual({ code: CloseCode.disconnectedByAdmin, reason: "Your role changed; reconnect" });
    expect(sockets.bystander.socket.readyState).toBe(WebSocket.OPEN);
    // And B hears A again.
    await hears(registryA, registryB);
  });
});

// Presence on the real server: a user is online while at least one of their WebSockets is
// open, and the people who share a chat with them hear when that changes.
import { eq } from "drizzle-orm";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { users } from "@/server/db/schema";
import { brief, createTestWorld, type ReceivedEvent, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";

/**
 * A registry that counts, per user, the sockets the server signed in and saw close (each one
 * makes the server sync that user's presence) and the syncs' questions "how many sockets does
 * this user have here?" (the calls' own "is this user here?" is not one of them).
 */
class WatchedRegistry extends ConnectionRegistry {
  private readonly counts = new Map<string, { opened: number; closed: number; checked: number }>();
  countsOf(userId: string) {
    let counts = this.counts.get(userId);
    if (!counts) this.counts.set(userId, (counts = { opened: 0, closed: 0, checked: 0 }));
    return counts;
  }
  add(userId: string, socket: WebSocket): void {
    this.countsOf(userId).opened += 1;
    socket.once("close", () => (this.countsOf(userId).closed += 1));
    super.add(userId, socket);
  }
  socketCount(userId: string): number {
    this.countsOf(userId).checked += 1;
    return super.socketCount(userId);
  }
}

let world: TestWorld;
let relay: RelayServer;
let connections: WatchedRegistry;
let wsBase: string;

beforeAll(async () => {
  world = await createTestWorld();
  connections = new WatchedRegistry();
  relay = createRelayServer({ database: world.database, bus: world.bus, connections });
  wsBase = `ws://127.0.0.1:${await relay.listen(0, "127.0.0.1")}/ws`;
});
afterAll(async () => {
  await relay?.shutdown();
  await world?.close();
});

/**
 * The stored presence of `person` once the server has caught up: every sync that an open or a
 * close started has checked the connections under the user's row lock (they take turns), and
 * a locked read waits for the last of them to commit.
 */
async function storedPresence(person: TestUser) {
  const counts = connections.countsOf(person.user.id);
  await waitFor(() => counts.checked >= counts.opened + counts.closed, "the server to sync presence");
  const [row] = await world.db.transaction((tx) =>
    tx.select({ online: users.online, lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, person.user.id)).for("update"),
  );
  return row!;
}

/** Opens a WebSocket as `person` (token in the URL, as plain clients do); resolves once it is signed in. */
async function connect(person: TestUser) {
  const counts = connections.countsOf(person.user.id);
  const opened = counts.opened;
  const socket = new WebSocket(`${wsBase}?token=${encodeURIComponent(person.token)}`);
  let failure: Error | undefined;
  socket.once("error", (error) => (failure = error));
  await waitFor(() => counts.opened > opened || failure !== undefined, "the socket to be signed in");
  if (failure) throw failure;
  return {
    /** Closes the socket; resolves once the server has seen it close. */
    async close() {
      const before = counts.closed;
      socket.close();
      await waitFor(() => counts.closed > before, "the server to see the socket close");
    },
  };
}

const presenceOf = (person: TestUser) => (events: ReceivedEvent[]) =>
  events.filter((e) => e.type === "presence" && e.data.userId === person.user.id).map(brief);

describe("presence", () => {
  test("a WebSocket makes me online for my contacts; closing it leaves me offline with a last-seen time", async () => {
    const { a, b } = await world.directChat();
    const stream = await world.listen(b.token);
    expect(await b.api.users.byId({ userId: a.user.id })).toMatchObject({ online: false });

    const connectedAt = Date.now();
    const socket = await connect(a);
    expect(await storedPresence(a)).toMatchObject({ online: true });
    expect(await b.api.users.byId({ userId: a.user.id })).toMatchObject({ online: true });
    const online = await stream.until((es) => presenceOf(a)(es).length > 0, "a to come online");
    expect(online.find((e) => e.type === "presence")).toMatchObject({ data: { userId: a.user.id, online: true } });

    await socket.close();
    expect(await storedPresence(a)).toMatchObject({ online: false });
    const seen = await b.api.users.byId({ userId: a.user.id });
    expect(seen.online).toBe(false);
    expect(Date.parse(seen.lastSeenAt!)).toBeGreaterThanOrEqual(connectedAt - 1000);
    const events = await stream.until((es) => presenceOf(a)(es).length > 1, "a to go offline");
    await stream.stop();
    expect(presenceOf(a)(events)).toEqual([`presence:${a.user.id}:online`, `presence:${a.user.id}:offline`]);
    expect(events.filter((e) => e.type === "presence").at(-1)).toMatchObject({ data: { online: false, lastSeenAt: seen.lastSeenAt } });
  });

  test("someone who shares no chat with me hears nothing of my presence", async () => {
    const { a, b } = await world.directChat();
    const stranger = await world.signUp();
    const [strangerStream, contactStream] = [await world.listen(stranger.token), await world.listen(b.token)];
    const socket = await connect(a);
    expect(await storedPresence(a)).toMatchObject({ online: true });
    await socket.close();
    expect(await storedPresence(a)).toMatchObject({ online: false });
    await contactStream.until((es) => presenceOf(a)(es).length === 2, "a's contact to hear both changes");

    // A chat of the stranger's own, opened afterwards, is the first thing they hear of.
    const friend = await world.signUp();
    const theirs = await friend.api.chats.openDirect({ userId: stranger.user.id });
    const events = await strangerStream.until((es) => es.length > 0);
    await Promise.all([strangerStream.stop(), contactStream.stop()]);
    expect(events.map(brief)).toEqual([`chat:created:${theirs.id}`]);
  });

  test("with two sockets open I stay online until both are closed", async () => {
    const { a, b } = await world.directChat();
    const stream = await world.listen(b.token);
    const [first, second] = [await connect(a), await connect(a)];
    expect(await storedPresence(a)).toMatchObject({ online: true });

    await first.close();
    expect(await storedPresence(a)).toMatchObject({ online: true });
    expect(await b.api.users.byId({ userId: a.user.id })).toMatchObject({ online: true });
    await second.close();
    expect(await storedPresence(a)).toMatchObject({ online: false });

    const events = await stream.until((es) => presenceOf(a)(es).length >= 2, "a to go offline");
    await stream.stop();
    expect(presenceOf(a)(events)).toEqual([`presence:${a.user.id}:online`, `presence:${a.user.id}:offline`]);
  });
});

// Presence with several instances on one database: a user is online while any instance holds a
// socket of theirs; an instance that falls silent is removed by another, taking offline whoever
// was connected only there; and one that starts leaves the others' users alone. Each
// "instance" here is the presence of one instance id, with its sockets counted by the test.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { instances, users } from "@/server/db/schema";
import { brief, createTestWorld, type ReceivedEvent, type TestUser, type TestWorld } from "@/server/testing/harness";
import { type InstancePresence, joinPresence } from "./instance-presence";
import type { PresenceTimings } from "./instances";
import { resetPresence } from "./presence";

let world: TestWorld;
const running: InstancePresence[] = [];

beforeAll(async () => {
  world = await createTestWorld();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()));
});
afterAll(() => world?.close());

/** Sweeps often and counts 300 ms of silence as gone. */
const watchful: PresenceTimings = { heartbeatMs: 25, silentMs: 300 };
/** Writes one heartbeat (at registration) and none after: it will fall silent. */
const freezing: PresenceTimings = { heartbeatMs: 3_600_000, silentMs: 300 };

/** An instance whose sockets the test opens and closes; `swept` collects whom its sweeps took offline. */
function instance(id: string, timings: Partial<PresenceTimings> = {}) {
  const sockets = new Map<string, number>();
  const swept: string[] = [];
  const presence = joinPresence(world.deps, {
    instanceId: `${id}-${Math.random().toString(36).slice(2, 8)}`,
    socketsOf: (userId) => sockets.get(userId) ?? 0,
    onSwept: (userIds) => swept.push(...userIds),
    timings,
  });
  running.push(presence);
  const change = (person: TestUser, by: number) => {
    sockets.set(person.user.id, (sockets.get(person.user.id) ?? 0) + by);
    return presence.sync(person.user.id);
  };
  return {
    presence,
    swept,
    connect: (person: TestUser) => change(person, 1),
    disconnect: (person: TestUser) => change(person, -1),
  };
}

async function storedOnline(person: TestUser): Promise<boolean> {
  const [row] = await world.db.select({ online: users.online }).from(users).where(eq(users.id, person.user.id));
  return row!.online;
}

const presenceOf = (person: TestUser) => (events: ReceivedEvent[]) =>
  events.filter((e) => e.type === "presence" && e.data.userId === person.user.id).map(brief);

describe("several instances", () => {
  test("I am online while either instance holds a socket of mine, and offline once neither does", async () => {
    const { a: me, b: friend } = await world.directChat();
    const heard = await world.listen(friend.token);
    const [one, two] = [instance("one"), instance("two")];

    await one.connect(me);
    await two.connect(me);
    await one.disconnect(me);
    expect(await storedOnline(me)).toBe(true);
    expect(await one.presence.isOnline(me.user.id)).toBe(true);
    await two.disconnect(me);
    expect(await storedOnline(me)).toBe(false);
    expect(await one.presence.isOnline(me.user.id)).toBe(false);

    const events = await heard.until((es) => presenceOf(me)(es).length >= 2, "me to go offline");
    await heard.stop();
    expect(presenceOf(me)(events)).toEqual([`presence:${me.user.id}:online`, `presence:${me.user.id}:offline`]);
  });

  test("syncs racing on two instances leave the record true", async () => {
    const { a: me } = await world.directChat();
    const [one, two] = [instance("one"), instance("two")];
    // A reconnect that moves me from one instance to the other, with both syncs in flight at once.
    await one.connect(me);
    await Promise.all([one.disconnect(me), two.connect(me)]);
    expect(await storedOnline(me)).toBe(true);
    await Promise.all([two.disconnect(me), one.connect(me), one.disconnect(me)]);
    expect(await storedOnline(me)).toBe(false);
  });

  test("an instance that falls silent is removed: whoever was connected only there goes offline", async () => {
    const { a: leftBehind, b: friend } = await world.directChat();
    const { a: onBoth } = await world.directChat();
    const heard = await world.listen(friend.token);
    const frozen = instance("frozen", freezing);
    await frozen.connect(leftBehind);
    await frozen.connect(onBoth);
    const survivor = instance("survivor", watchful);
    await survivor.connect(onBoth);

    const events = await heard.until((es) => presenceOf(leftBehind)(es).length >= 2, "the silent instance's user to go offline");
    await heard.stop();
    expect(presenceOf(leftBehind)(events)).toEqual([`presence:${leftBehind.user.id}:online`, `presence:${leftBehind.user.id}:offline`]);
    expect(await storedOnline(leftBehind)).toBe(false);
    expect(await storedOnline(onBoth)).toBe(true);
    // The survivor's calls service hears whom it took offline (their calls get a grace period).
    expect(survivor.swept).toEqual([leftBehind.user.id]);
    const left = await world.db.select({ id: instances.id }).from(instances).where(eq(instances.id, frozen.presence.instanceId));
    expect(left).toEqual([]);
  });

  test("an instance removed while it was only frozen comes back with its users at its next heartbeat", async () => {
    const { a: me } = await world.directChat();
    const frozen = instance("frozen", freezing);
    await frozen.connect(me);
    const survivor = instance("survivor", watchful);
    for (let waited = 0; (await storedOnline(me)) && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(survivor.swept).toEqual([me.user.id]);

    await frozen.presence.beat();
    expect(await storedOnline(me)).toBe(true);
    // And its next sync records the change as usual.
    await frozen.disconnect(me);
    expect(await storedOnline(me)).toBe(false);
  });

  test("an instance that stops takes offline whoever was connected only there", async () => {
    const { a: onlyThere } = await world.directChat();
    const { a: onBoth } = await world.directChat();
    const [stopping, staying] = [instance("stopping"), instance("staying")];
    await stopping.connect(onlyThere);
    await stopping.connect(onBoth);
    await staying.connect(onBoth);
    await stopping.presence.stop();
    expect(await storedOnline(onlyThere)).toBe(false);
    expect(await storedOnline(onBoth)).toBe(true);
  });

  test("an instance that starts leaves the users of running ones online", async () => {
    const { a: connected } = await world.directChat();
    const { a: stale } = await world.directChat();
    await instance("running").connect(connected);
    // Marked online with no socket recorded anywhere: what a version that kept no rows left.
    await world.db.update(users).set({ online: true }).where(eq(users.id, stale.user.id));

    await resetPresence(world.db, { alone: false });
    expect(await storedOnline(connected)).toBe(true);
    expect(await storedOnline(stale)).toBe(false);
  });

  test("alone on its database (PGlite), a starting instance takes everyone offline", async () => {
    const { a: me } = await world.directChat();
    // What a killed process left: its instance and my socket there.
    const killed = instance("killed", freezing);
    await killed.connect(me);
    await resetPresence(world.db, { alone: true });
    expect(await storedOnline(me)).toBe(false);
    expect(await world.db.select().from(instances)).toEqual([]);
  });
});

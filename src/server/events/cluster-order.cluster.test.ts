// Two instances' buses in one process, on one PostgreSQL database and one Redis: an event
// committed on one instance is held back from listeners on the other while an instance still
// has a smaller id in flight, and then both arrive in id order. This is what lets a client
// resume from one event id whichever instance wrote what.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openClusterLink } from "@/server/cluster/link";
import { migrateDatabase } from "@/server/db/migrate";
import { openThrowawayDatabase, type ThrowawayDatabase } from "@/server/db/throwaway";
import { openRedis } from "@/server/redis";
import { waitFor } from "@/server/testing/harness";
import { withHeldCommit } from "@/server/testing/held-commits";
import { REDIS_URL } from "@/server/testing/two-instances";
import { commitWithEvents, type Emit } from "./log";
import { ClusterEventBus } from "./redis-bus";
import type { LiveEvent } from "./types";

let database: ThrowawayDatabase;
const redis = openRedis(REDIS_URL);
const prefix = `relay-test-${randomBytes(4).toString("hex")}:`;
const links = [openClusterLink(redis, { prefix }), openClusterLink(redis, { prefix })] as const;
let one: ClusterEventBus;
let two: ClusterEventBus;

beforeAll(async () => {
  database = await openThrowawayDatabase({ serverUrl: process.env.DATABASE_URL, prefix: "relay_cluster" });
  await migrateDatabase(database);
  one = new ClusterEventBus(links[0], database.db);
  two = new ClusterEventBus(links[1], database.db);
  await one.join();
  await two.join();
});
afterAll(async () => {
  await one.leave();
  await two.leave();
  for (const link of links) link.close();
  redis.disconnect();
  await database.drop();
});

const announce = (userId: string, label: string) => async (_tx: unknown, emit: Emit) =>
  emit({ type: "chat:updated", data: { chatId: label, action: "renamed" } }, { userId });
const labelOf = (e: LiveEvent) => (e.type === "chat:updated" ? e.data.chatId : e.type);

test("an id still in flight on one instance holds back larger ones on the other", async () => {
  const userId = `u-${randomBytes(4).toString("hex")}`;
  const heard: LiveEvent[] = [];
  const stop = two.subscribe(userId, (event) => heard.push(event));

  const held = withHeldCommit(database.db);
  const early = commitWithEvents({ db: held.db, bus: one }, announce(userId, "early"));
  await waitFor(held.isHeld, "the early transaction to log its event");
  await commitWithEvents({ db: database.db, bus: two }, announce(userId, "late"));
  // "late" is committed with the larger id, but "early" may still commit below it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(heard.map(labelOf)).toEqual([]);
  // ...and a stream starting now on the other instance would replay only up to below it.
  const releasedWhileHeld = two.releasedUpTo();

  held.open();
  await early;
  await waitFor(() => heard.length === 2, "both events");
  stop();
  expect(heard.map(labelOf)).toEqual(["early", "late"]);
  const ids = heard.map((e) => Number("id" in e ? e.id : NaN));
  expect(ids[0]).toBeLessThan(ids[1]!);
  expect(releasedWhileHeld).toBeLessThan(ids[0]!);
  expect(two.releasedUpTo()).toBeGreaterThanOrEqual(ids[1]!);
});

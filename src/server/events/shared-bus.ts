// Which bus a Relay process uses: alone (no REDIS_URL, or PGlite, which one process owns), the
// in-memory one; with Redis and PostgreSQL, the bus every instance shares (redis-bus.ts),
// joined before the process serves.
import type { DatabaseHandle } from "@/server/db";
import { clusterLink } from "@/server/cluster/link";
import { redisClient } from "@/server/redis";
import { type EventBus, eventBus, installEventBus } from "./bus";
import { ClusterEventBus } from "./redis-bus";

export type ProcessBus = { bus: EventBus; leave(): Promise<void> };

export async function openProcessBus(database: DatabaseHandle): Promise<ProcessBus> {
  const link = database.driver === "postgres" ? clusterLink(redisClient()) : null;
  if (!link) return { bus: eventBus(), leave: async () => {} };
  const bus = new ClusterEventBus(link, database.db);
  await bus.join();
  installEventBus(bus);
  return { bus, leave: () => bus.leave() };
}

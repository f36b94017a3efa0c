// What makes a Relay process one instance among several: with REDIS_URL and PostgreSQL, it
// joins the others over Redis (live events in id order, socket closes); alone (no REDIS_URL,
// or PGlite, which one process owns) it keeps everything in memory. Joined before it serves.
import type { DatabaseHandle } from "@/server/db";
import { shareCloses } from "@/server/cluster/closes";
import { clusterLink } from "@/server/cluster/link";
import { type ConnectionRegistry, connectionRegistry } from "@/server/connections";
import { type EventBus, eventBus, installEventBus } from "@/server/events/bus";
import { ClusterEventBus } from "@/server/events/redis-bus";
import { redisClient } from "@/server/redis";

export type Instance = { bus: EventBus; connections: ConnectionRegistry; leave(): Promise<void> };

export async function joinInstances(database: DatabaseHandle): Promise<Instance> {
  const link = database.driver === "postgres" ? clusterLink(redisClient()) : null;
  const connections = shareCloses(connectionRegistry(), link, database.db);
  if (!link) return { bus: eventBus(), connections, leave: async () => {} };
  const bus = new ClusterEventBus(link, database.db);
  await bus.join();
  installEventBus(bus);
  return { bus, connections, leave: () => bus.leave() };
}

// What makes a Relay process one instance among several: with REDIS_URL and PostgreSQL, it
// joins the others over Redis (live events in id order, socket closes, who is typing; presence
// is in the database, under this instance's id); alone (no REDIS_URL, or PGlite, which one
// process owns) it keeps everything in memory. Joined before it serves.
import { env } from "@/env";
import type { DatabaseHandle } from "@/server/db";
import { shareCloses } from "@/server/cluster/closes";
import { randomInstanceId } from "@/server/cluster/instance-id";
import { clusterLink } from "@/server/cluster/link";
import { type ConnectionRegistry, connectionRegistry } from "@/server/connections";
import { type EventBus, eventBus, installEventBus } from "@/server/events/bus";
import { ClusterEventBus } from "@/server/events/redis-bus";
import { redisClient } from "@/server/redis";
import { sessionLookups } from "@/server/services/accounts/session-lookups";
import { configureTyping } from "@/server/services/messages/typing";
import { redisTyping } from "@/server/services/messages/typing-shared";

export type Instance = { id: string; bus: EventBus; connections: ConnectionRegistry; leave(): Promise<void> };

export async function joinInstances(database: DatabaseHandle): Promise<Instance> {
  const link = database.driver === "postgres" ? clusterLink(redisClient()) : null;
  const connections = shareCloses(connectionRegistry(), link, database.db);
  if (!link) return { id: randomInstanceId(), bus: eventBus(), connections, leave: async () => {} };
  const bus = new ClusterEventBus(link, database.db);
  configureTyping(bus, { shared: redisTyping(link.redis, env().REDIS_PREFIX) });
  await bus.join();
  // Other instances' sign-outs, bans and role changes reach this one as closes over the link.
  sessionLookups().heed(link);
  installEventBus(bus);
  return { id: link.instanceId, bus, connections, leave: () => bus.leave() };
}

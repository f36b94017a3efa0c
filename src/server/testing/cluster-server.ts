// The Relay server without Next.js (as api-server.ts) run the way index.ts runs it with
// WEB_CONCURRENCY above 1: a primary that prepares the database once and forks the workers
// (workers.ts), each serving the API on the one port (API_SERVER_PORT, default 0: any free
// port, the same for all). Each worker prints one line `{"worker":<pid>,"listening":<port>}`
// once it serves. For tests that kill workers and stop the whole.
//   WEB_CONCURRENCY=2 node --import tsx src/server/testing/cluster-server.ts
import cluster from "node:cluster";
import { z } from "zod";
import { EnvError, env } from "@/env";
import { createRelayServer } from "@/server/app";
import { connectionRegistry } from "@/server/connections";
import { database } from "@/server/db";
import { eventBus } from "@/server/events/bus";
import { redisCheck } from "@/server/health";
import { log } from "@/server/log";
import { redisClient } from "@/server/redis";
import { stopOnSignals } from "@/server/signals";
import { prepareDatabase } from "@/server/startup";
import { guardStdio } from "@/server/stdio";
import { reportServing, runWorkers, stopWhenPrimaryAsks } from "@/server/workers";

async function main() {
  guardStdio();
  const config = env();
  if (cluster.isPrimary) {
    const db = await prepareDatabase();
    await db.close();
    runWorkers(config.WEB_CONCURRENCY);
    return;
  }
  let beginShutdown: ((reason: string) => void) | null = null;
  stopWhenPrimaryAsks((reason) => (beginShutdown ? beginShutdown(reason) : process.exit(0)));
  const db = database();
  const redis = redisClient();
  const relay = createRelayServer({
    database: db,
    bus: eventBus(),
    connections: connectionRegistry(),
    healthChecks: redis ? [redisCheck(redis)] : [],
  });
  const port = await relay.listen(z.coerce.number().int().min(0).max(65535).parse(process.env.API_SERVER_PORT ?? 0), config.HOST);
  process.stdout.write(`${JSON.stringify({ worker: process.pid, listening: port })}\n`);
  beginShutdown = stopOnSignals(async () => {
    await relay.shutdown();
    await db.close();
  });
  reportServing();
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else log.error("The cluster server failed to start", error);
  process.exit(1);
});

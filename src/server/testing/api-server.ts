// The Relay server without Next.js, as a process of its own, for tests that must kill it or
// close its stdio: the same database start-up, instances, server and signal handling as
// index.ts, WEB_CONCURRENCY workers included (the primary prepares the database once, then
// forks). Listens on API_SERVER_PORT (default 0: any free port; with workers, give one) and
// HOST, uses DATABASE_URL or DATA_DIR like the real program, and prints one line once it
// serves: `{"listening":<port>}`, or from each worker `{"worker":<pid>,"listening":<port>}`.
//   node --import tsx src/server/testing/api-server.ts
import cluster from "node:cluster";
import { z } from "zod";
import { EnvError, env } from "@/env";
import { createRelayServer } from "@/server/app";
import { database } from "@/server/db";
import { redisCheck } from "@/server/health";
import { joinInstances } from "@/server/instance";
import { log } from "@/server/log";
import { redisClient } from "@/server/redis";
import { stopOnSignals } from "@/server/signals";
import { prepareDatabase } from "@/server/startup";
import { guardStdio } from "@/server/stdio";
import { reportServing, runWorkers, stopWhenPrimaryAsks } from "@/server/workers";

async function main() {
  guardStdio();
  const config = env();
  if (cluster.isPrimary && config.WEB_CONCURRENCY > 1) {
    const db = await prepareDatabase();
    await db.close();
    runWorkers(config.WEB_CONCURRENCY);
    return;
  }
  let beginShutdown: ((reason: string) => void) | null = null;
  stopWhenPrimaryAsks((reason) => (beginShutdown ? beginShutdown(reason) : process.exit(0)));
  const db = cluster.isWorker ? database() : await prepareDatabase();
  const redis = redisClient();
  const instance = await joinInstances(db);
  const relay = createRelayServer({
    database: db,
    bus: instance.bus,
    connections: instance.connections,
    instanceId: instance.id,
    healthChecks: redis ? [redisCheck(redis)] : [],
  });
  const port = await relay.listen(z.coerce.number().int().min(0).max(65535).parse(process.env.API_SERVER_PORT ?? 0), config.HOST);
  process.stdout.write(`${JSON.stringify(cluster.isWorker ? { worker: process.pid, listening: port } : { listening: port })}\n`);
  beginShutdown = stopOnSignals(async () => {
    await relay.shutdown();
    await instance.leave();
    await db.close();
  });
  reportServing();
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else log.error("The API server failed to start", error);
  process.exit(1);
});

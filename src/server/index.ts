// The Relay program: one process on one port, or with WEB_CONCURRENCY=N a primary and N
// workers sharing it (workers.ts). Validates the environment, migrates the database (once: the
// primary does it before forking), prepares Next.js and serves it together with the API (HTTP
// and WebSocket). On SIGTERM or SIGINT it stops accepting, asks live clients to reconnect
// (close 4007) and exits cleanly, within 10 s whatever happens (see signals.ts), even when its
// stdout and stderr are closed.
import cluster from "node:cluster";
import next from "next";
import { EnvError, env, type Env } from "@/env";
import { database, type DatabaseHandle } from "@/server/db";
import { ensureAdmin } from "@/server/services/admin/accounts";
import { startPushNotifications } from "@/server/services/push/notify";
import { serverVapidKeys } from "@/server/services/push/subscriptions";
import { joinInstances } from "@/server/instance";
import { createRelayServer } from "./app";
import { redisCheck } from "./health";
import { log } from "./log";
import { redisClient } from "./redis";
import { stopOnSignals } from "./signals";
import { schedulePruning } from "./events/horizon";
import { prepareDatabase } from "./startup";
import { guardStdio } from "./stdio";
import { reportServing, runWorkers, stopWhenPrimaryAsks } from "./workers";

// A self-hosted messenger does not report usage to anyone.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  // First, before anything logs: a closed stdout or stderr must never crash or spin the server.
  guardStdio();
  const config = env();
  if (cluster.isPrimary && config.WEB_CONCURRENCY > 1) {
    // Workers must not race each other through the migrations: they only open the database.
    const db = await prepare(config);
    await db.close();
    runWorkers(config.WEB_CONCURRENCY);
    return;
  }
  // Asked to stop before it serves, a worker has nothing to drain.
  let beginShutdown: ((reason: string) => void) | null = null;
  stopWhenPrimaryAsks((reason) => (beginShutdown ? beginShutdown(reason) : process.exit(0)));
  const db = cluster.isWorker ? database() : await prepare(config);

  const dev = config.NODE_ENV !== "production";
  const nextApp = next({ dev, hostname: config.HOST, port: config.PORT });
  await nextApp.prepare();

  const redis = redisClient();
  const instance = await joinInstances(db);
  const relay = createRelayServer({
    database: db,
    bus: instance.bus,
    connections: instance.connections,
    instanceId: instance.id,
    healthChecks: redis ? [redisCheck(redis)] : [],
    next: { handle: nextApp.getRequestHandler(), upgrade: nextApp.getUpgradeHandler() },
  });
  const port = await relay.listen(config.PORT, config.HOST);
  log.info(`Relay listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port} (${dev ? "development" : "production"})`);

  const stopPruning = schedulePruning(db.db, config.EVENT_RETENTION_DAYS);
  const push = startPushNotifications(
    { db: db.db, bus: instance.bus },
    { vapid: serverVapidKeys(), connectedHere: (userId) => instance.connections.isOnline(userId) },
  );

  beginShutdown = stopOnSignals(async () => {
    stopPruning();
    await relay.shutdown();
    await push.stop();
    await instance.leave();
    await nextApp.close?.();
    await db.close();
  });
  reportServing();
}

/** The database migrated and the first admin in place: once per start, before anyone serves. */
async function prepare(config: Env): Promise<DatabaseHandle> {
  const db = await prepareDatabase();
  if (config.ADMIN_USERNAME && config.ADMIN_PASSWORD) {
    const { created } = await ensureAdmin(db.db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD });
    log.info(`admin account "${config.ADMIN_USERNAME}" ${created ? "created" : "ready"}`);
  }
  log.info(`database ready (${db.driver})`);
  // Web Push keys: generated into DATA_DIR now, before any worker reads them, unless configured.
  serverVapidKeys();
  return db;
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    log.error("Relay failed to start", error);
  }
  process.exit(1);
});

// The Relay program: one process, one port. Validates the environment, migrates the database,
// prepares Next.js and serves it together with the API (HTTP and WebSocket). On SIGTERM or
// SIGINT it stops accepting, asks live clients to reconnect (close 4007) and exits cleanly,
// within 10 s whatever happens (see signals.ts), even when its stdout and stderr are closed.
import next from "next";
import { EnvError, env } from "@/env";
import { ensureAdmin } from "@/server/services/admin/accounts";
import { eventBus } from "@/server/events/bus";
import { configureTyping } from "@/server/services/messages/typing";
import { redisTyping } from "@/server/services/messages/typing-shared";
import { createRelayServer } from "./app";
import { instanceId } from "./cluster/instance-id";
import { connectionRegistry } from "./connections";
import { redisCheck } from "./health";
import { log } from "./log";
import { redisClient } from "./redis";
import { stopOnSignals } from "./signals";
import { schedulePruning } from "./events/horizon";
import { prepareDatabase } from "./startup";
import { guardStdio } from "./stdio";

// A self-hosted messenger does not report usage to anyone.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  // First, before anything logs: a closed stdout or stderr must never crash or spin the server.
  guardStdio();
  const config = env();
  const db = await prepareDatabase();
  if (config.ADMIN_USERNAME && config.ADMIN_PASSWORD) {
    const { created } = await ensureAdmin(db.db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD });
    log.info(`admin account "${config.ADMIN_USERNAME}" ${created ? "created" : "ready"}`);
  }
  log.info(`database ready (${db.driver})`);

  const dev = config.NODE_ENV !== "production";
  const nextApp = next({ dev, hostname: config.HOST, port: config.PORT });
  await nextApp.prepare();

  const redis = redisClient();
  const bus = eventBus();
  // With several instances, who is typing is kept where each of them can tell.
  if (redis) configureTyping(bus, { shared: redisTyping(redis) });
  const relay = createRelayServer({
    database: db,
    bus,
    connections: connectionRegistry(),
    instanceId: instanceId(),
    healthChecks: redis ? [redisCheck(redis)] : [],
    next: { handle: nextApp.getRequestHandler(), upgrade: nextApp.getUpgradeHandler() },
  });
  const port = await relay.listen(config.PORT, config.HOST);
  log.info(`Relay listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port} (${dev ? "development" : "production"})`);

  const stopPruning = schedulePruning(db.db, config.EVENT_RETENTION_DAYS);

  stopOnSignals(async () => {
    stopPruning();
    await relay.shutdown();
    await nextApp.close?.();
    await db.close();
  });
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    log.error("Relay failed to start", error);
  }
  process.exit(1);
});

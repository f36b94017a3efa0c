// The Relay server without Next.js, as a process of its own, for tests that must kill it or
// close its stdio: the same database start-up, server and signal handling as index.ts. Listens
// on API_SERVER_PORT (default 0: any free port) and HOST, uses DATABASE_URL or DATA_DIR like
// the real program, and prints one line `{"listening":<port>}` to stdout once it serves.
//   node --import tsx src/server/testing/api-server.ts
import { z } from "zod";
import { env } from "@/env";
import { createRelayServer } from "@/server/app";
import { shareCloses } from "@/server/cluster/closes";
import { clusterLink } from "@/server/cluster/link";
import { connectionRegistry } from "@/server/connections";
import { eventBus } from "@/server/events/bus";
import { log } from "@/server/log";
import { redisClient } from "@/server/redis";
import { stopOnSignals } from "@/server/signals";
import { prepareDatabase } from "@/server/startup";
import { guardStdio } from "@/server/stdio";

async function main() {
  guardStdio();
  const config = env();
  const db = await prepareDatabase();
  const relay = createRelayServer({ database: db, bus: eventBus(), connections: shareCloses(connectionRegistry(), clusterLink(redisClient()), db.db) });
  const port = await relay.listen(z.coerce.number().int().min(0).max(65535).parse(process.env.API_SERVER_PORT ?? 0), config.HOST);
  process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
  stopOnSignals(async () => {
    await relay.shutdown();
    await db.close();
  });
}

main().catch((error: unknown) => {
  log.error("The API server failed to start", error);
  process.exit(1);
});

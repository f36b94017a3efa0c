// The Relay server without Next.js, as a process of its own, for tests that must kill it or
// close its stdio: the same database start-up, server and signal handling as index.ts. Listens
// on API_SERVER_PORT (default 0: any free port) and HOST, uses DATABASE_URL or DATA_DIR like
// the real program, and prints one line `{"listening":<port>}` to stdout once it serves.
//   node --import tsx src/server/testing/api-server.ts
import { z } from "zod";
import { env } from "@/env";
import { createRelayServer } from "@/server/app";
import { joinInstances } from "@/server/instance";
import { log } from "@/server/log";
import { stopOnSignals } from "@/server/signals";
import { prepareDatabase } from "@/server/startup";
import { guardStdio } from "@/server/stdio";

async function main() {
  guardStdio();
  const config = env();
  const db = await prepareDatabase();
  const instance = await joinInstances(db);
  const relay = createRelayServer({ database: db, bus: instance.bus, connections: instance.connections });
  const port = await relay.listen(z.coerce.number().int().min(0).max(65535).parse(process.env.API_SERVER_PORT ?? 0), config.HOST);
  process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
  stopOnSignals(async () => {
    await relay.shutdown();
    await instance.leave();
    await db.close();
  });
}

main().catch((error: unknown) => {
  log.error("The API server failed to start", error);
  process.exit(1);
});

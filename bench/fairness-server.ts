// The server side of the fairness benchmark, in a process of its own so that the clients'
// work does not share its event loop: the real server (createRelayServer, PGlite in memory)
// with the request limits from the environment (RATE_LIMITS=on|off). Seeds the people and
// their chats in process, then prints one JSON line with the address, tokens and chat ids.
import { createRelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { parseEnv } from "@/env";
import { rateLimitConfigFromEnv } from "@/server/rate-limit/config";
import { createRateLimits } from "@/server/rate-limit/limits";
import { createTestWorld } from "@/server/testing/harness";

async function main() {
  const world = await createTestWorld();
  const config = rateLimitConfigFromEnv(parseEnv(process.env));
  const relay = createRelayServer({
    database: world.database,
    bus: world.bus,
    connections: new ConnectionRegistry(),
    limits: createRateLimits({ config }),
  });
  const port = await relay.listen(0, "127.0.0.1");
  const pair = async () => {
    const { a, chatId } = await world.directChat();
    return { token: a.token, chatId };
  };
  const victims = [];
  for (let i = 0; i < Number(process.env.RELAY_BENCH_VICTIMS ?? 8); i++) victims.push(await pair());
  const flooders = { frames: await pair(), batch: await pair(), sends: await pair() };
  console.log(JSON.stringify({ base: `http://127.0.0.1:${port}`, limits: config.enabled, victims, flooders }));
  const stop = () =>
    void relay
      .shutdown()
      .then(() => world.close())
      .finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

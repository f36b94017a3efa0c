// Test support: the real HTTP/WebSocket server (without Next) over a test world's database
// and bus, on a free port. By default it shares the world's registry of sockets, as the real
// program's callers and server do, so what a caller does to sockets reaches the server's.
import { type AppOptions, createRelayServer, type RelayServer } from "@/server/app";
import type { TestWorld } from "./harness";

export type ServedWorld = { relay: RelayServer; base: string; wsBase: string };

export async function serveWorld(world: TestWorld, options: Partial<AppOptions> = {}): Promise<ServedWorld> {
  const relay = createRelayServer({ database: world.database, bus: world.bus, connections: world.deps.connections, ...options });
  const port = await relay.listen(0, "127.0.0.1");
  return { relay, base: `http://127.0.0.1:${port}`, wsBase: `ws://127.0.0.1:${port}/ws` };
}

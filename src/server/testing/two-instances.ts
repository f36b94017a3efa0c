// Test support: several Relay instances (the API server, api-server.ts, as processes) on one
// PostgreSQL database and one Redis, as behind a load balancer; and people who use them over
// HTTP and WebSocket, each stream resuming from its last event id on whichever instance it is
// pointed at next.
import { randomBytes } from "node:crypto";
import { createTRPCClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import type { AppRouter } from "@/server/api/root";
import type { RelayEvent } from "@/server/events/types";
import { createServerDatabase, type ServerDatabase, spawnServer, type SpawnedServer } from "./spawned-server";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export type Instances = {
  database: ServerDatabase;
  servers: SpawnedServer[];
  /** Starts one more instance (or a replacement) on the same database and Redis. */
  start(env?: Record<string, string>): Promise<SpawnedServer>;
  stop(): Promise<void>;
};

export async function startInstances(count: number, env: Record<string, string> = {}): Promise<Instances> {
  const database = await createServerDatabase({ postgres: true });
  const servers: SpawnedServer[] = [];
  const start = async (more: Record<string, string> = {}) => {
    const server = await spawnServer(database, { env: { REDIS_URL, ...env, ...more } });
    servers.push(server);
    return server;
  };
  for (let i = 0; i < count; i++) await start();
  return {
    database,
    servers,
    start,
    async stop() {
      for (const server of servers) server.child.kill("SIGKILL");
      await Promise.all(servers.map((server) => server.exited));
      await database.drop();
    },
  };
}

export type Received = { id: string; event: RelayEvent };

export type Person = Awaited<ReturnType<typeof signUp>>;

/** Registers someone through `server`; their calls go to whichever instance they are given. */
export async function signUp(server: SpawnedServer, name: string) {
  const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.base}/api/trpc`, transformer: superjson })] });
  const { user, token } = await anonymous.auth.register.mutate({
    username: `${name}_${randomBytes(3).toString("hex")}`,
    firstName: name,
    lastName: "Tester",
    age: 30,
    password: "secret-password",
  });
  const api = (on: SpawnedServer) =>
    createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${on.base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
    });
  return { name, user, token, api };
}

/**
 * A live stream of `person` on `server`. When its socket drops, the client reconnects and
 * resumes from the last event id it received, on the instance `pointAt` names by then, as a
 * browser behind a load balancer would.
 */
export async function listen(person: Person, server: SpawnedServer) {
  const received: Received[] = [];
  const closeCodes: number[] = [];
  let target = server;
  const client = createWSClient({
    url: () => target.wsBase,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: person.token },
    retryDelayMs: () => 100,
    onClose: (cause) => {
      if (cause?.code !== undefined) closeCodes.push(cause.code);
    },
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  let unsubscribe = () => {};
  await new Promise<void>((resolve, reject) => {
    const subscription = trpc.events.stream.subscribe(
      {},
      {
        onStarted: () => resolve(),
        onError: reject,
        onData: ({ id, data }) => received.push({ id, event: data }),
      },
    );
    unsubscribe = () => subscription.unsubscribe();
  });

  return {
    received,
    closeCodes,
    /**
     * The ids of the chat's messages from people received, in order (duplicates kept). Lines
     * Relay writes itself ("created the group") are left out: a stream that starts just after
     * one may get it live or not.
     */
    messagesIn(chatId: string): string[] {
      return received.flatMap(({ event }) =>
        event.type === "message:new" && event.data.chatId === chatId && event.data.message.kind !== "system" ? [event.data.message.id] : [],
      );
    },
    pointAt(next: SpawnedServer) {
      target = next;
    },
    close() {
      unsubscribe();
      void client.close();
    },
  };
}

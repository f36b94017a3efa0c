// The server as a process of its own, stopped with SIGTERM: it ends even when the process
// that started it is gone (stdout and stderr closed), and while clients are busy. The bounds
// only keep a broken server from hanging the test; exit code 0 says the shutdown finished by
// itself (the last-resort timer exits 1).
import { Agent, request } from "node:http";
import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { CloseCode } from "@/server/connections";
import { createServerDatabase, type ServerDatabase, spawnServer, type SpawnedServer } from "@/server/testing/spawned-server";

// Starting a process (TypeScript compiled on the fly, migrations) is slow on a busy machine.
const SPAWNED = { timeout: 120_000 };

let database: ServerDatabase;
const started: SpawnedServer[] = [];

beforeAll(async () => {
  database = await createServerDatabase();
});
afterAll(async () => {
  for (const server of started) server.child.kill("SIGKILL");
  await Promise.all(started.map((server) => server.exited));
  await database?.drop();
});

async function start(options: Parameters<typeof spawnServer>[1] = {}) {
  const server = await spawnServer(database, options);
  started.push(server);
  return server;
}

test("with its stdout and stderr closed, the server still stops cleanly on SIGTERM", SPAWNED, async () => {
  // Next logs every uncaught exception; with stderr closed that once looped for ever.
  const server = await start({ preload: ["src/server/testing/log-uncaught.ts"] });
  server.child.stdout.destroy();
  server.child.stderr.destroy();
  // Something to log about, then the shutdown logs too.
  expect((await fetch(`${server.base}/api/health/live`)).status).toBe(200);

  expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
});

type Answer = { status: number; connection: string | undefined };

/** GETs `url` again and again on one kept-alive connection until a request fails. */
async function keepAsking(url: string, onAnswer: (answer: Answer) => void): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (;;) {
      const answer = await new Promise<Answer | null>((resolve) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.once("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.once("error", () => resolve(null));
        req.end();
      });
      if (!answer) return;
      onAnswer(answer);
    }
  } finally {
    agent.destroy();
  }
}

test("SIGTERM with a busy kept-alive client and a live WebSocket: 4007, the client told to close, a clean exit", SPAWNED, async () => {
  const server = await start();
  const http = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.base}/api/trpc`, transformer: superjson })] });
  const { token } = await http.auth.register.mutate({
    username: `ida_${Math.random().toString(36).slice(2, 8)}`,
    firstName: "Ida",
    lastName: "Tester",
    age: 30,
    password: "secret-password",
  });

  const client = createWSClient({
    url: server.wsBase,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    retryDelayMs: () => 60_000,
  });
  const closeCode = new Promise<number>((resolve) => {
    const wait = () => (client.connection?.ws ? client.connection.ws.addEventListener("close", (e) => resolve(e.code)) : setTimeout(wait, 5));
    wait();
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] });
  await new Promise<void>((resolve, reject) => {
    trpc.events.stream.subscribe({}, { onStarted: () => resolve(), onError: reject });
  });

  const answers: Answer[] = [];
  const asking = keepAsking(`${server.base}/api/health/live`, (answer) => answers.push(answer));
  while (answers.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));

  const exit = await server.stop("SIGTERM");
  await asking;
  void client.close();

  expect(exit).toEqual({ code: 0, signal: null });
  expect(await closeCode).toBe(CloseCode.serverShutdown);
  // The connections drained by themselves: none was still open at the drain deadline.
  expect(server.stderr()).not.toContain("Draining connections");
  // A request that came in during the shutdown was refused in a way a client can retry.
  for (const answer of answers.filter((a) => a.status !== 200)) expect(answer).toEqual({ status: 503, connection: "close" });
});

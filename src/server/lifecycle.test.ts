// The server as a process of its own, stopped with SIGTERM: it ends even when the process
// that started it is gone (stdout and stderr closed), and while clients are busy. The bounds
// only keep a broken server from hanging the test; exit code 0 says the shutdown finished by
// itself (the last-resort timer exits 1).
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { connect } from "node:net";
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

/** Someone registered on `server`: their token. */
async function register(server: SpawnedServer, name: string) {
  const http = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.base}/api/trpc`, transformer: superjson })] });
  const { token } = await http.auth.register.mutate({
    username: `${name}_${Math.random().toString(36).slice(2, 8)}`,
    firstName: name,
    lastName: "Tester",
    age: 30,
    password: "secret-password",
  });
  return token;
}

test("a second signal during a shutdown exits at once", SPAWNED, async () => {
  const server = await start();
  const token = await register(server, "ned");
  // A WebSocket client that never answers the 4007 close holds the shutdown for a while.
  const socket = connect(server.port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("error", () => {});
  socket.write(
    `GET /ws?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  while (!received.startsWith("HTTP/1.1 101")) await new Promise((resolve) => setTimeout(resolve, 5));
  // And a request whose body never comes holds the drain.
  const upload = connect(server.port, "127.0.0.1");
  upload.on("error", () => {});
  upload.write("POST /api/trpc/auth.login HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");

  server.child.kill("SIGTERM");
  // Its close frame (FIN + opcode 8) says the shutdown is under way.
  while (!received.includes("\x88")) await new Promise((resolve) => setTimeout(resolve, 5));
  // 128 + SIGINT: not 0 (the shutdown finished) nor 1 (the last-resort timer).
  expect(await server.stop("SIGINT")).toEqual({ code: 130, signal: null });
  socket.destroy();
  upload.destroy();
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
  const token = await register(server, "ida");

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

// Several workers on one port (WEB_CONCURRENCY): the real program refuses them without
// PostgreSQL and Redis; with both, a primary (api-server.ts: the API without Next, started
// the way index.ts starts it) serves from every worker, starts a worker that dies again, stops
// at start when no worker can serve, and stops them all on SIGTERM: live clients are told to
// reconnect (4007) and every process exits cleanly.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { CloseCode } from "@/server/connections";
import { createServerDatabase, type ServerDatabase } from "@/server/testing/spawned-server";
import { restartDelay } from "./workers";

// Starting processes (TypeScript compiled on the fly, migrations) is slow on a busy machine.
const SPAWNED = { timeout: 120_000 };
const root = path.resolve(import.meta.dirname, "../..");
const authSecret = randomBytes(32).toString("base64url");

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Spawned = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<Exit>;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** The workers that said they serve so far, in order, once there are at least `count`. */
  workers(count: number): Promise<{ pid: number; port: number }[]>;
};
const started: Spawned[] = [];

/** `detached`: in a process group of its own, as a terminal starts a program. */
function spawnProgram(entry: string, env: Record<string, string>, options: { detached?: boolean } = {}): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, entry)], {
    cwd: root,
    detached: options.detached ?? false,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "info", AUTH_SECRET: authSecret, ...env },
  });
  let out = "";
  let errors = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (errors += text));
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const spawned: Spawned = {
    child,
    exited,
    stderr: () => errors,
    async workers(count) {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const lines = out.split("\n").filter((line) => line.startsWith('{"worker":'));
        if (lines.length >= count) {
          return lines.map((line) => JSON.parse(line) as { worker: number; listening: number }).map((w) => ({ pid: w.worker, port: w.listening }));
        }
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`it exited before ${count} workers served:\n${errors}`);
        if (Date.now() > deadline) throw new Error(`${count} workers did not serve in time:\n${errors}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  started.push(spawned);
  return spawned;
}

afterAll(async () => {
  for (const { child } of started) child.kill("SIGKILL");
  await Promise.all(started.map((spawned) => spawned.exited));
});

/** Whether a process with this id is still there. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("a worker that keeps dying is started again later each time: 1 s, 2 s, 4 s … at most 30 s", () => {
  expect([1, 2, 3, 4, 5, 6, 7, 20].map((failures) => restartDelay(failures))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
});

test("the program refuses several workers without PostgreSQL and Redis, before it starts anything", SPAWNED, async () => {
  const program = spawnProgram("src/server/index.ts", {
    WEB_CONCURRENCY: "2",
    DATABASE_URL: "",
    REDIS_URL: "",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "relay-workers-")),
  });
  expect(await program.exited).toEqual({ code: 1, signal: null });
  expect(program.stderr()).toContain("Invalid environment configuration:");
  expect(program.stderr()).toContain("DATABASE_URL: required with WEB_CONCURRENCY=2");
  expect(program.stderr()).toContain("REDIS_URL: required with WEB_CONCURRENCY=2");
});

// Several workers need a PostgreSQL server (and Redis).
if (process.env.RELAY_TEST_DB === "postgres") {
  describe("several workers", () => {
    let database: ServerDatabase;
    beforeAll(async () => {
      database = await createServerDatabase();
    });
    afterAll(async () => {
      for (const { child } of started) child.kill("SIGKILL");
      await Promise.all(started.map((spawned) => spawned.exited));
      await database?.drop();
    });
    const sharedEnv = () => ({ ...database.env, REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });

    test("two workers serve one port; one that dies is started again; SIGTERM stops them all cleanly", SPAWNED, async () => {
      const relay = spawnProgram("src/server/testing/api-server.ts", { ...sharedEnv(), WEB_CONCURRENCY: "2" });
      const [first, second] = await relay.workers(2);
      expect(first!.port).toBe(second!.port);
      expect(first!.pid).not.toBe(second!.pid);
      const base = `http://127.0.0.1:${first!.port}`;
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: "ok", checks: { database: "ok", redis: "ok" } });

      process.kill(first!.pid, "SIGKILL");
      const restarted = (await relay.workers(3))[2]!;
      expect([first!.pid, second!.pid]).not.toContain(restarted.pid);
      expect(restarted.port).toBe(first!.port);
      expect(relay.stderr()).toMatch(/worker \d \(pid \d+\) exited unexpectedly \(signal SIGKILL\); restarting it in 1 s/);
      expect((await fetch(`${base}/api/health`)).status).toBe(200);

      // Live clients, spread over the workers by the primary.
      const http = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/api/trpc`, transformer: superjson })] });
      const { token } = await http.auth.register.mutate({
        username: `wanda_${randomBytes(3).toString("hex")}`,
        firstName: "Wanda",
        lastName: "Worker",
        age: 30,
        password: "secret-password",
      });
      const sockets = await Promise.all(
        [1, 2, 3, 4].map(
          () =>
            new Promise<{ closed: Promise<number> }>((resolve, reject) => {
              const socket = new WebSocket(`ws://127.0.0.1:${first!.port}/ws?token=${encodeURIComponent(token)}`);
              const closed = new Promise<number>((settle) => socket.once("close", (code) => settle(code)));
              socket.once("open", () => resolve({ closed }));
              socket.once("error", reject);
            }),
        ),
      );

      const began = Date.now();
      relay.child.kill("SIGTERM");
      expect(await relay.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - began).toBeLessThan(10_000);
      for (const { closed } of sockets) expect(await closed).toBe(CloseCode.serverShutdown);
      for (const pid of [second!.pid, restarted.pid]) expect(alive(pid)).toBe(false);
    });

    test("Ctrl-C in a terminal (SIGINT to every process of the group) stops them all cleanly, not at once", SPAWNED, async () => {
      const relay = spawnProgram("src/server/testing/api-server.ts", { ...sharedEnv(), WEB_CONCURRENCY: "2" }, { detached: true });
      const workers = await relay.workers(2);
      // Each worker hears it twice: from the terminal and from the primary.
      process.kill(-relay.child.pid!, "SIGINT");
      expect(await relay.exited).toEqual({ code: 0, signal: null });
      for (const { pid } of workers) expect(alive(pid)).toBe(false);
      expect(relay.stderr()).not.toMatch(/Still stopping|killing them/);
    });

    test("when no worker can serve (the port is taken), Relay stops at start with exit 1", SPAWNED, async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
      const port = (taken.address() as { port: number }).port;
      try {
        const relay = spawnProgram("src/server/testing/api-server.ts", { ...sharedEnv(), WEB_CONCURRENCY: "2", API_SERVER_PORT: String(port) });
        expect(await relay.exited).toEqual({ code: 1, signal: null });
        expect(relay.stderr()).toMatch(/worker \d exited \(code 1\) before Relay could serve: stopping/);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    });
  });
}

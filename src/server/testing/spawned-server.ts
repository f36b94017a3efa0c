// Test support: the API server (api-server.ts) as a child process on a database of its own,
// for tests that signal, kill or restart it. The database outlives the process: PostgreSQL at
// DATABASE_URL when RELAY_TEST_DB=postgres, else PGlite in a temporary data directory.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { openDatabase, type DatabaseHandle } from "@/server/db";
import { onServer } from "@/server/db/throwaway";

const root = path.resolve(import.meta.dirname, "../../..");
const entry = path.join(root, "src/server/testing/api-server.ts");
// One secret for every server a test starts: a restarted server accepts the tokens of the last.
const authSecret = process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url");

export type ServerDatabase = {
  /** The variables that point a server at this database. */
  env: Record<string, string>;
  /** Opens it from the test. PGlite: only while no server process has it open. */
  open(): DatabaseHandle;
  drop(): Promise<void>;
};

/** PostgreSQL at DATABASE_URL when RELAY_TEST_DB=postgres (or `postgres: true`: several servers share it), else PGlite. */
export async function createServerDatabase(options: { postgres?: boolean } = {}): Promise<ServerDatabase> {
  const serverUrl = options.postgres || process.env.RELAY_TEST_DB === "postgres" ? process.env.DATABASE_URL : undefined;
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "relay-spawned-"));
    return {
      env: { DATABASE_URL: "", DATA_DIR: dir },
      open: () => openDatabase({ dataDir: path.join(dir, "pglite") }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `relay_spawned_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    // Servers on one database are instances of one Relay: they talk on channels of their own.
    env: { DATABASE_URL: url.toString(), REDIS_PREFIX: `${name}:` },
    open: () => openDatabase({ url: url.toString() }),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type SpawnedServer = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  base: string;
  wsBase: string;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** What it wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Sends `signal` and waits for the exit, failing after `withinMs` (and then killing it). */
  stop(signal: NodeJS.Signals, withinMs?: number): Promise<Exit>;
};

/**
 * Starts the API server on `database` and resolves once it listens. `preload` modules run in
 * the child before the server (for what Next would install in the real program).
 */
export async function spawnServer(database: ServerDatabase, options: { preload?: string[]; env?: Record<string, string> } = {}): Promise<SpawnedServer> {
  const preload = (options.preload ?? []).flatMap((file) => ["--import", path.join(root, file)]);
  const child = spawn(process.execPath, ["--import", "tsx", ...preload, entry], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "test",
      API_SERVER_PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      AUTH_SECRET: authSecret,
      ...database.env,
      ...options.env,
    },
  });
  let errors = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (errors += text));
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const onData = (text: string) => {
      out += text;
      const match = /\{"listening":(\d+)\}/.exec(out);
      if (match) {
        child.stdout.off("data", onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    void exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before listening:\n${errors}`)));
  });
  // Keep draining stdout, so that a chatty server never blocks on a full pipe.
  child.stdout.resume();

  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}/ws`,
    exited,
    stderr: () => errors,
    async stop(signal, withinMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`the server did not exit within ${withinMs} ms of ${signal}`));
        }, withinMs);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

// What the live-connection benchmarks (idle.ts, reconnect.ts) need of the server side: a
// scratch PostgreSQL database, the real Relay program (what `npm start` runs, on a production
// build) in a process group of its own, readings of its memory from /proc, and one place
// that undoes all of it however the run ends.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { onServer } from "@/server/db/throwaway";

const root = path.resolve(import.meta.dirname, "..");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${text}"`);
  return value;
}

/**
 * Undo steps, run once in reverse order: at the end of a run, on an error, on Ctrl-C or
 * SIGTERM, and when the run passes its hard limit.
 */
export class Cleanup {
  private readonly steps: { what: string; run: () => unknown }[] = [];
  private running: Promise<void> | null = null;

  add(what: string, run: () => unknown) {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`cleanup: ${step.what} failed:`, error);
        }
      }
    })());
  }

  /** Runs `main` with the undo steps guaranteed, and exits with its outcome. */
  async main(hardLimitMs: number, main: () => Promise<void>): Promise<never> {
    const stop = (code: number, why: string) => {
      console.error(`\n${why}: cleaning up`);
      void this.run().finally(() => process.exit(code));
    };
    process.once("SIGINT", () => stop(130, "Interrupted"));
    process.once("SIGTERM", () => stop(143, "Terminated"));
    setTimeout(() => stop(1, `Stopped: the run passed its limit of ${hardLimitMs / 60_000} minutes`), hardLimitMs).unref();
    let code = 0;
    try {
      await main();
    } catch (error) {
      console.error(error);
      code = 1;
    }
    await this.run();
    process.exit(code);
  }
}

/** A database of its own next to the one DATABASE_URL names (by default the local `postgres`). */
export async function scratchDatabase(cleanup: Cleanup, prefix: string): Promise<{ name: string; url: string }> {
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  cleanup.add(`dropping database ${name}`, () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** PORT from the environment, else one the kernel says is free now. */
export async function choosePort(): Promise<number> {
  if (process.env.PORT) return envNumber("PORT", 0);
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
}

/** The variables one Relay instance is started with; a restarted one gets the same. */
export type RelayConfig = { port: number; databaseUrl: string; dataDir: string; authSecret: string; admin: { username: string; password: string } };

export function relayConfig(cleanup: Cleanup, port: number, databaseUrl: string): RelayConfig {
  const dataDir = mkdtempSync(path.join(tmpdir(), "relay-bench-data-"));
  cleanup.add("removing the data folder", () => rmSync(dataDir, { recursive: true, force: true }));
  return {
    port,
    databaseUrl,
    dataDir,
    authSecret: randomBytes(32).toString("base64url"),
    admin: { username: "bench_admin", password: randomBytes(12).toString("hex") },
  };
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type RelayProcess = {
  pid: number;
  /** The inspector's WebSocket, when started with `inspect` (see forceGc). */
  inspectorUrl(): string | null;
  base: string;
  wsBase: string;
  spawnedAt: number;
  exited: Promise<Exit & { at: number }>;
  /** The last lines it printed. */
  tail(): string;
  /** Signals the server itself (not its group), so that it drains as it would under a process manager. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL to the whole group after `withinMs`. */
  stop(withinMs?: number): Promise<Exit>;
};

/**
 * Starts the production server the way `npm start` does (`NODE_ENV=production node --import tsx
 * src/server/index.ts`), but as the direct child, so its pid is the server's and a signal reaches
 * it (npm would not pass SIGTERM on). Its own process group, killed at cleanup whatever happens.
 * RELAY_ENV adds variables ("NAME=value NAME2=value"). With `inspect` the inspector listens on
 * a loopback port of its own, for forceGc.
 */
export function spawnRelay(cleanup: Cleanup, config: RelayConfig, options: { inspect?: boolean } = {}): RelayProcess {
  const extra = Object.fromEntries(
    (process.env.RELAY_ENV ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  const inspect = options.inspect ? ["--inspect=127.0.0.1:0"] : [];
  const child: ChildProcess = spawn(process.execPath, [...inspect, "--import", "tsx", "src/server/index.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(config.port),
      DATABASE_URL: config.databaseUrl,
      DATA_DIR: config.dataDir,
      AUTH_SECRET: config.authSecret,
      ADMIN_USERNAME: config.admin.username,
      ADMIN_PASSWORD: config.admin.password,
      // The setup registers every user from one address, and the sender is one process.
      RATE_LIMITS: "off",
      LOG_LEVEL: process.env.RELAY_LOG_LEVEL ?? "warn",
      ...extra,
    },
  });
  const pid = child.pid!;
  const lines: string[] = [];
  let inspectorUrl: string | null = null;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    inspectorUrl ??= text.match(/Debugger listening on (ws:\/\/\S+)/)?.[1] ?? null;
    lines.push(...text.split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let alive = true;
  const exited = new Promise<Exit & { at: number }>((resolve) =>
    child.once("exit", (code, signal) => {
      alive = false;
      resolve({ code, signal, at: performance.now() });
    }),
  );
  const killGroup = () => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  // Even on process.exit from an error path, the server does not outlive the run.
  process.once("exit", killGroup);
  cleanup.add(`stopping the server (pid ${pid})`, async () => {
    if (alive) await stop(3_000);
    killGroup();
  });
  async function stop(withinMs = 12_000): Promise<Exit> {
    if (alive) child.kill("SIGTERM");
    const timer = setTimeout(killGroup, withinMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  }
  return {
    pid,
    inspectorUrl: () => inspectorUrl,
    base: `http://127.0.0.1:${config.port}`,
    wsBase: `ws://127.0.0.1:${config.port}`,
    spawnedAt: performance.now(),
    exited,
    tail: () => lines.slice(-40).join("\n"),
    signal: (signal) => child.kill(signal),
    stop,
  };
}

/**
 * Resolves when `path` answers 200 (polled every `everyMs`), with the time it first did;
 * fails if the process exits first or `timeoutMs` passes.
 */
export async function waitForHttp(server: RelayProcess, urlPath: string, timeoutMs: number, everyMs = 100): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let exited: Exit | null = null;
  void server.exited.then((exit) => (exited = exit));
  for (;;) {
    if (exited) throw new Error(`The server exited (${JSON.stringify(exited)}) before ${urlPath} answered. Its output:\n${server.tail()}`);
    try {
      const response = await fetch(`${server.base}${urlPath}`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${urlPath} did not answer within ${timeoutMs / 1000} s. The server's output:\n${server.tail()}`);
    await sleep(everyMs);
  }
}

/**
 * Resolves when the server's port accepts a TCP connection (the moment it listens, however busy
 * its event loop is), with that time; fails if the process exits first or `timeoutMs` passes.
 */
export async function waitForPort(server: RelayProcess, port: number, timeoutMs: number, everyMs = 20): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
  for (;;) {
    if (exited) throw new Error(`The server exited before it listened. Its output:\n${server.tail()}`);
    if (await accepts()) return performance.now();
    if (performance.now() > deadline) throw new Error(`Port ${port} did not accept within ${timeoutMs / 1000} s. The server's output:\n${server.tail()}`);
    await sleep(everyMs);
  }
}

export type HeapReading = { rssKB: number; heapUsedKB: number; externalKB: number };

/**
 * Runs a full garbage collection in the server through its inspector (HeapProfiler.collectGarbage),
 * then reads its process.memoryUsage() there. The session is closed afterwards: a process with an
 * inspector session open waits for it at exit.
 */
export async function forceGc(server: RelayProcess): Promise<HeapReading> {
  const url = server.inspectorUrl();
  if (!url) throw new Error("The server was not started with its inspector");
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: string } } }>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: Buffer) => {
        const reply = JSON.parse(data.toString("utf8")) as { id?: number; error?: { message: string } };
        if (reply.id !== id) return;
        socket.off("message", onMessage);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply as { result?: { result?: { value?: string } } });
      };
      socket.on("message", onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    const reply = await call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
    const usage = JSON.parse(reply.result?.result?.value ?? "{}") as { heapUsed: number; external: number };
    return { rssKB: readProc(server.pid).rssKB, heapUsedKB: usage.heapUsed / 1024, externalKB: usage.external / 1024 };
  } finally {
    socket.close();
  }
}

export type ProcReading = { rssKB: number; hwmKB: number; cpuSec: number };

const CLOCK_TICKS = 100;

/** Resident memory, its peak, and CPU seconds so far, of a process (Linux /proc). */
export function readProc(pid: number): ProcReading {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? Number.NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The fields after "(comm)": utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { rssKB: kb("VmRSS"), hwmKB: kb("VmHWM"), cpuSec: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}

/**
 * The server's RSS once it has settled: waits `settleMs`, then samples every second; the
 * minimum is what is left after the collector has run (it cannot be forced from outside).
 */
export async function settledRss(pid: number, settleMs: number, samples: number): Promise<{ minKB: number; maxKB: number; samplesKB: number[] }> {
  await sleep(settleMs);
  const samplesKB: number[] = [];
  for (let i = 0; i < samples; i++) {
    if (i > 0) await sleep(1_000);
    samplesKB.push(readProc(pid).rssKB);
  }
  return { minKB: Math.min(...samplesKB), maxKB: Math.max(...samplesKB), samplesKB };
}

/** The soft limit on open files of this process (the server inherits it). */
export function openFileLimit(): number {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const soft = limits.match(/^Max open files\s+(\S+)/m)?.[1];
  return soft === undefined || soft === "unlimited" ? Number.POSITIVE_INFINITY : Number(soft);
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

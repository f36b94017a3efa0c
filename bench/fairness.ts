// Fairness benchmark: how long one person's send takes while someone else floods the server.
// Starts the real server (bench/fairness-server.ts, PGlite in memory) in a child process, once
// with RATE_LIMITS=off and once with the limits on, and in each measures the victims' send
// latency over HTTP, quiet and during three floods by one user: 2,000 WebSocket frames in
// 1.5 s (reconnecting when closed), HTTP batches of 1,000 calls, and a stream of sends far past
// the per-user budget. Prints p50/p99 and the ratio to quiet. Run: `npx tsx bench/fairness.ts`
// (or `-- off` / `-- on` for one mode).
import { spawn } from "node:child_process";
import os from "node:os";
import { createInterface } from "node:readline";
import superjson from "superjson";
import { WebSocket } from "ws";

type Pair = { token: string; chatId: string };
type Seed = { base: string; limits: boolean; victims: Pair[]; flooders: { frames: Pair; batch: Pair; sends: Pair } };

const QUIET_MS = 5_000;
const FLOOD_MS = 5_000;
/** Each victim sends at most this often: well inside the per-user budget of 30 sends per 10 s. */
const VICTIM_SPACING_MS = 450;
/** A phase that has not settled by then is cut short (and says so). */
const PHASE_CAP_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sendBody(chatId: string, content: string) {
  return JSON.stringify(superjson.serialize({ chatId, content }));
}

/** The HTTP status, or 0 when the connection failed (a stalled server drops kept-alive sockets). */
async function send(base: string, { token, chatId }: Pair, content: string): Promise<number> {
  try {
    const response = await fetch(`${base}/api/trpc/messages.send`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: sendBody(chatId, content),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** The victims send one message at a time, round robin, until stopped; latencies in ms. */
function victims(seed: Seed) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const last = seed.victims.map(() => 0);
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i = (i + 1) % seed.victims.length) {
      const wait = last[i]! + VICTIM_SPACING_MS - performance.now();
      if (wait > 0) await sleep(wait);
      last[i] = performance.now();
      const status = await send(seed.base, seed.victims[i]!, `victim ${i} at ${Date.now()}`);
      latencies.push(performance.now() - last[i]!);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { latencies, statuses };
    },
  };
}

type FloodOutcome = { sent: number; refused: number; note: string };

/** 2,000 `messages.send` frames in 1.5 s from one user; a socket the server closes is reopened and the rest follow on it. */
async function frameFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  const pair = seed.flooders.frames;
  const url = `${seed.base.replace("http", "ws")}/ws?token=${pair.token}`;
  let sent = 0;
  let answered = 0;
  let closes = 0;
  /** Frames sent on each socket still open and not yet answered. */
  const pending = new Map<WebSocket, number>();
  const connect = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      pending.set(socket, 0);
      socket.on("message", () => {
        answered += 1;
        pending.set(socket, (pending.get(socket) ?? 1) - 1);
      });
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
      socket.once("close", () => {
        closes += 1;
        pending.delete(socket);
      });
    });
  // Round after round of 2,000 frames, each left to settle (every frame on a socket still open
  // answered) before the next, until the phase is over: without limits one round already
  // outlasts it.
  const unanswered = () => [...pending.values()].reduce((sum, n) => sum + Math.max(0, n), 0);
  do {
    const total = 2_000;
    const started = performance.now();
    let socket = await connect();
    for (let i = 0; i < total; i++) {
      if (socket.readyState !== WebSocket.OPEN) socket = await connect();
      socket.send(
        JSON.stringify({ id: ++sent, method: "mutation", params: { path: "messages.send", input: superjson.serialize({ chatId: pair.chatId, content: `flood ${sent}` }) } }),
      );
      pending.set(socket, (pending.get(socket) ?? 0) + 1);
      // Paced: 2,000 frames over 1.5 s.
      const due = started + ((i + 1) * 1_500) / total;
      if (i % 25 === 24 && due > performance.now()) await sleep(due - performance.now());
    }
    const settleBy = performance.now() + PHASE_CAP_MS;
    while (unanswered() > 0 && performance.now() < settleBy) await sleep(20);
  } while (!until());
  for (const socket of pending.keys()) socket.terminate();
  return { sent, refused: sent - answered, note: `${closes} socket(s) closed by the server` };
}

/** One HTTP batch of 1,000 sends at a time, again and again until the phase ends. */
async function batchFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  const { token, chatId } = seed.flooders.batch;
  const size = 1_000;
  const paths = Array.from({ length: size }, () => "messages.send").join(",");
  const input = Object.fromEntries(Array.from({ length: size }, (_, i) => [i, superjson.serialize({ chatId, content: `batch ${i}` })]));
  let sent = 0;
  let refused = 0;
  const codes = new Set<number>();
  do {
    const status = await fetch(`${seed.base}/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    codes.add(status);
    sent += size;
    if (status !== 200) refused += size;
  } while (!until());
  return { sent, refused, note: `HTTP ${[...codes].join("/")}` };
}

/** Ten sends in flight at all times from one user, far past the per-user budget. */
async function sendFlood(seed: Seed, until: () => boolean): Promise<FloodOutcome> {
  let sent = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      do {
        sent += 1;
        if ((await send(seed.base, seed.flooders.sends, `stream ${sent}`)) !== 200) refused += 1;
      } while (!until());
    }),
  );
  return { sent, refused, note: "10 in flight" };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Row = { phase: string; n: number; p50: number; p99: number; flood?: FloodOutcome; statuses: Map<number, number>; seconds: number };

async function phase(
  seed: Seed,
  label: string,
  flood: ((seed: Seed, until: () => boolean) => Promise<FloodOutcome>) | null,
): Promise<Row> {
  const started = performance.now();
  const sampler = victims(seed);
  let outcome: FloodOutcome | undefined;
  if (flood) {
    const end = started + FLOOD_MS;
    outcome = await flood(seed, () => performance.now() >= end);
  } else {
    await sleep(QUIET_MS);
  }
  const { latencies, statuses } = await sampler.stop();
  // Let the server finish whatever the flood left behind before the next phase.
  await sleep(500);
  return {
    phase: label,
    n: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    flood: outcome,
    statuses,
    seconds: (performance.now() - started) / 1000,
  };
}

async function run(mode: "on" | "off"): Promise<Row[]> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/fairness-server.ts"], {
    env: { ...process.env, RATE_LIMITS: mode, LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    });
    const seed = JSON.parse(line) as Seed;
    // Warm-up: the first calls load the procedures and the database's plans.
    for (const pair of seed.victims) await send(seed.base, pair, "warm-up");
    await sleep(VICTIM_SPACING_MS);
    const rows = [await phase(seed, "quiet", null)];
    rows.push(await phase(seed, "2,000 WS frames in 1.5 s", frameFlood));
    rows.push(await phase(seed, "HTTP batches of 1,000 sends", batchFlood));
    rows.push(await phase(seed, "stream of sends (10 in flight)", sendFlood));
    return rows;
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

function print(mode: string, rows: Row[]) {
  const quiet = rows[0]!;
  console.log(`\nRATE_LIMITS=${mode}`);
  console.log("phase                            victim sends  p50 ms   p99 ms   p50×   p99×   phase s  flood (sent / refused, note)   victim statuses");
  for (const row of rows) {
    const ratio = (a: number, b: number) => (a / b).toFixed(2).padStart(5);
    const flood = row.flood ? `${row.flood.sent} / ${row.flood.refused}, ${row.flood.note}` : "";
    const statuses = [...row.statuses].map(([code, n]) => `${code}×${n}`).join(" ");
    console.log(
      `${row.phase.padEnd(33)}${String(row.n).padStart(12)}  ${row.p50.toFixed(1).padStart(7)}  ${row.p99.toFixed(1).padStart(7)}  ${ratio(row.p50, quiet.p50)}  ${ratio(row.p99, quiet.p99)}  ${row.seconds.toFixed(1).padStart(7)}  ${flood.padEnd(30)} ${statuses}`,
    );
  }
}

async function main() {
  const modes = process.argv.slice(2).filter((arg): arg is "on" | "off" => arg === "on" || arg === "off");
  console.log(`Fairness benchmark — Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const mode of modes.length ? modes : (["off", "on"] as const)) print(mode, await run(mode));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Fairness benchmark: how long one person's send takes while someone else floods the server.
// Starts the real server (bench/fairness-server.ts, PGlite in memory) in a child process, once
// with RATE_LIMITS=off and once with the limits on, and in each measures the victims' send
// latency over HTTP, quiet and during three floods by one user: 2,000 WebSocket frames in
// 1.5 s (reconnecting when closed), HTTP batches of 1,000 calls, and a stream of sends far past
// the per-user budget, each flood from a process of its own. Prints p50/p99 and the ratio to quiet. Run: `npx tsx bench/fairness.ts`
// (or `-- off` / `-- on` for one mode).
import { spawn } from "node:child_process";
import os from "node:os";
import { createInterface } from "node:readline";
import { type FloodOutcome, QUIET_MS, type Seed, send, sleep, VICTIM_SPACING_MS } from "./fairness-client";

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

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Row = { phase: string; n: number; p50: number; p99: number; flood?: FloodOutcome; statuses: Map<number, number>; seconds: number };

type Flood = "frames" | "batch" | "sends";

/** Runs one flood in a process of its own (bench/fairness-flood.ts); resolves to its outcome. */
async function flooding(seed: Seed, flood: Flood, started: () => void): Promise<FloodOutcome> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/fairness-flood.ts"], {
    env: { ...process.env, RELAY_BENCH_SEED: JSON.stringify(seed), RELAY_BENCH_FLOOD: flood },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  return new Promise<FloodOutcome>((resolve, reject) => {
    lines.on("line", (line) => (line === "started" ? started() : resolve(JSON.parse(line) as FloodOutcome)));
    child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`the ${flood} flood exited with ${code}`))));
  });
}

async function phase(seed: Seed, label: string, flood: Flood | null): Promise<Row> {
  let started = performance.now();
  let sampler = flood ? null : victims(seed);
  let outcome: FloodOutcome | undefined;
  if (flood) {
    // The victims start with the flood, not with its process.
    outcome = await flooding(seed, flood, () => {
      started = performance.now();
      sampler = victims(seed);
    });
  } else {
    await sleep(QUIET_MS);
  }
  const { latencies, statuses } = await sampler!.stop();
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
    rows.push(await phase(seed, "2,000 WS frames in 1.5 s", "frames"));
    rows.push(await phase(seed, "HTTP batches of 1,000 sends", "batch"));
    rows.push(await phase(seed, "stream of sends (10 in flight)", "sends"));
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

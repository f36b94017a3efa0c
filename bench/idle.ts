// Idle connections benchmark: what an open, subscribed, idle live connection costs the server
// in memory. Starts the production server (`npm run build` first) on a scratch PostgreSQL
// database, signs up USERS people in groups, opens CLIENTS sockets (SOCKETS_PER_USER per person,
// each with one events.stream subscription, as a browser tab holds it), leaves them idle, and
// reads the server's resident memory before and after. Target: ≤ 20 KB per connection.
// Run: `npm run bench:idle` (env knobs in bench/README.md).
import os from "node:os";
import { createGroups, httpClient, liveConnections, LoopLag, openStarted, pool, registerPeople, round, type Stream } from "./live-client";
import {
  choosePort,
  Cleanup,
  envNumber,
  forceGc,
  type HeapReading,
  mb,
  openFileLimit,
  readProc,
  relayConfig,
  scratchDatabase,
  settledRss,
  sleep,
  spawnRelay,
  waitForHttp,
} from "./live-server";

const CLIENTS = envNumber("CLIENTS", 10_000);
const SOCKETS_PER_USER = Math.max(1, envNumber("SOCKETS_PER_USER", 20));
const CHAT_SIZE = Math.max(2, envNumber("CHAT_SIZE", 10));
/** Sockets opened and closed before the baseline, so code loaded on first use is not counted per connection. */
const WARMUP = envNumber("WARMUP", 200);
const CONNECT_CONCURRENCY = Math.max(1, envNumber("CONNECT_CONCURRENCY", 100));
const REGISTER_CONCURRENCY = Math.max(1, envNumber("REGISTER_CONCURRENCY", 8));
const SETTLE_MS = envNumber("SETTLE_S", 10) * 1000;
const SAMPLES = Math.max(1, envNumber("SAMPLES", 5));
const HEALTH_TIMEOUT_MS = envNumber("HEALTH_TIMEOUT_S", 240) * 1000;
const TARGET_KB = envNumber("TARGET_KB", 20);
/** Also force a full GC in the server (through its inspector) and read its heap, at each point. */
const GC = envNumber("GC", 1) === 1;
const HARD_LIMIT_MS = envNumber("HARD_LIMIT_MIN", 20) * 60_000;

const cleanup = new Cleanup();
const log = (line: string) => console.log(line);

async function main() {
  const users = Math.ceil(CLIENTS / SOCKETS_PER_USER);
  const limit = openFileLimit();
  if (limit < CLIENTS + 1_000) {
    throw new Error(`ulimit -n is ${limit}: ${CLIENTS} sockets need at least ${CLIENTS + 1_000} (raise it with \`ulimit -n ${CLIENTS + 2_000}\`)`);
  }
  log(`# Relay idle connections benchmark`);
  log(`Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; load average ${loadAverage()}`);
  log(`${CLIENTS} sockets: ${users} people × ${SOCKETS_PER_USER} sockets, groups of ${CHAT_SIZE}; open files limit ${limit}\n`);

  const database = await scratchDatabase(cleanup, "relay_bench_idle");
  const config = relayConfig(cleanup, await choosePort(), database.url);
  const server = spawnRelay(cleanup, config, { inspect: GC });
  await waitForHttp(server, "/api/health", HEALTH_TIMEOUT_MS);
  log(`server: pid ${server.pid}, port ${config.port}, database ${database.name}; ready in ${((performance.now() - server.spawnedAt) / 1000).toFixed(1)} s, RSS ${mb(readProc(server.pid).rssKB)}`);

  const api = httpClient(server.base);
  const lag = new LoopLag();
  let began = performance.now();
  const people = await registerPeople(api, `i${Date.now().toString(36).slice(-5)}`, users, REGISTER_CONCURRENCY);
  const groups = await createGroups(api, people, CHAT_SIZE, 8);
  const admin = await api.auth.login.mutate(config.admin);
  log(`setup: ${users} people, ${groups.length} groups in ${seconds(began)} s`);

  // Warm-up: the first sockets load code (the WebSocket and subscription paths, presence) that
  // every later socket shares; it belongs in the baseline, not in the cost per connection.
  const warm: Stream[] = [];
  await pool(Math.min(WARMUP, CLIENTS), CONNECT_CONCURRENCY, async (i) => {
    warm.push(await openStarted(server.wsBase, people[i % users]!.token));
  });
  for (const stream of warm) stream.close();
  await waitForCount(api, admin.token, 0, 30_000);

  const before = await settledRss(server.pid, SETTLE_MS, SAMPLES);
  log(`before: RSS min ${mb(before.minKB)} (samples ${before.samplesKB.map((kb) => (kb / 1024).toFixed(1)).join(", ")} MB)`);
  const beforeGc = await collected(server);
  lag.phase();

  let events = 0;
  let closes = 0;
  let trackClosesFrom = Number.POSITIVE_INFINITY;
  const closeCodes = new Map<string, number>();
  const streams: Stream[] = [];
  began = performance.now();
  const connectStarted = began;
  lag.stalls.length = 0;
  await pool(CLIENTS, CONNECT_CONCURRENCY, async (i) => {
    // Socket i belongs to person i mod users, so each person's sockets open spread over the run.
    const stream = await openStarted(server.wsBase, people[i % users]!.token, {
      onEvent: () => events++,
      onClose: (code) => {
        if (performance.now() < trackClosesFrom) return;
        closes++;
        closeCodes.set(String(code), (closeCodes.get(String(code)) ?? 0) + 1);
      },
    });
    streams.push(stream);
  });
  const connectS = (performance.now() - began) / 1000;
  const connectLag = lag.phase();
  trackClosesFrom = performance.now();
  const eventsAtConnect = events;
  const counted = await liveConnections(api, admin.token);
  log(`connected: ${streams.length} subscriptions started in ${connectS.toFixed(1)} s (${Math.round(streams.length / connectS)}/s); the server counts ${counted ?? "?"} live connections`);
  log(`  load generator while connecting: loop lag p99 ${connectLag.p99Ms} ms, max ${connectLag.maxMs} ms, CPU ${connectLag.cpuPct} %`);

  const after = await settledRss(server.pid, SETTLE_MS, SAMPLES);
  const idleLag = lag.phase();
  log(`after: RSS min ${mb(after.minKB)} (samples ${after.samplesKB.map((kb) => (kb / 1024).toFixed(1)).join(", ")} MB)`);
  const afterGc = await collected(server);
  const countedIdle = await liveConnections(api, admin.token);
  log(`  idle: ${events - eventsAtConnect} events reached the clients, ${closes} sockets closed${closes ? ` (${[...closeCodes].map(([c, n]) => `${c}×${n}`).join(" ")})` : ""}; the server counts ${countedIdle ?? "?"}`);
  log(`  load generator while idle: loop lag p99 ${idleLag.p99Ms} ms, max ${idleLag.maxMs} ms, CPU ${idleLag.cpuPct} %, RSS ${mb(process.memoryUsage().rss / 1024)}`);
  log(`  load generator stalls of 200 ms or more while connecting and idle: ${lag.describeStalls(connectStarted)}`);

  trackClosesFrom = Number.POSITIVE_INFINITY;
  for (const stream of streams) stream.close();
  const drained = await waitForCount(api, admin.token, 0, 60_000);
  const closed = await settledRss(server.pid, SETTLE_MS, SAMPLES);
  log(`after closing them all: RSS min ${mb(closed.minKB)}; the server counts ${drained ?? "?"} live connections`);
  const closedGc = await collected(server);
  lag.stop();

  // Per connection: the growth from before connecting to idle, and what is left after closing.
  const rows: { what: string; before: number; idle: number; closed: number }[] = [
    { what: "RSS, settled (min of samples)", before: before.minKB, idle: after.minKB, closed: closed.minKB },
  ];
  if (beforeGc && afterGc && closedGc) {
    rows.push({ what: "RSS after a forced full GC", before: beforeGc.rssKB, idle: afterGc.rssKB, closed: closedGc.rssKB });
    rows.push({ what: "V8 heap used after the GC", before: beforeGc.heapUsedKB, idle: afterGc.heapUsedKB, closed: closedGc.heapUsedKB });
    rows.push({ what: "external memory after the GC", before: beforeGc.externalKB, idle: afterGc.externalKB, closed: closedGc.externalKB });
  }
  const per = (from: number, to: number) => round((to - from) / CLIENTS);
  log(`\n${CLIENTS.toLocaleString("en")} sockets (${users} people × ${SOCKETS_PER_USER}), opened at ${Math.round(CLIENTS / connectS)}/s:\n`);
  log(`| server memory | before | ${CLIENTS.toLocaleString("en")} idle | per connection | after closing them | left per connection |`);
  log(`|---|---:|---:|---:|---:|---:|`);
  for (const row of rows) {
    log(`| ${row.what} | ${mb(row.before)} | ${mb(row.idle)} | ${per(row.before, row.idle)} KB | ${mb(row.closed)} | ${per(row.before, row.closed)} KB |`);
  }
  // The RSS after a GC when there is one (garbage is not a connection's cost), else the settled RSS.
  const judged = rows[1] ?? rows[0]!;
  const perConnectionKB = per(judged.before, judged.idle);
  const problems = [
    countedIdle !== null && countedIdle !== CLIENTS ? `the server counts ${countedIdle} connections, not ${CLIENTS}` : "",
    closes ? `${closes} sockets closed while idle` : "",
  ].filter(Boolean);
  log(
    `\nTarget ≤ ${TARGET_KB} KB per connection (${judged.what}): ${perConnectionKB <= TARGET_KB ? "MET" : "NOT MET"} (${perConnectionKB} KB)` +
      (problems.length ? `; but ${problems.join("; ")}` : ""),
  );
}

/** A GC'd reading when GC is on; a failure to take one is reported, not fatal. */
async function collected(server: Parameters<typeof forceGc>[0]): Promise<HeapReading | null> {
  if (!GC) return null;
  try {
    const reading = await forceGc(server);
    log(`  after a forced GC: RSS ${mb(reading.rssKB)}, V8 heap used ${mb(reading.heapUsedKB)}, external ${mb(reading.externalKB)}`);
    return reading;
  } catch (error) {
    log(`  (no forced GC: ${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

/** Polls admin.stats until the server counts `want` live connections (or the time is up). */
async function waitForCount(api: ReturnType<typeof httpClient>, adminToken: string, want: number, withinMs: number): Promise<number | null> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const count = await liveConnections(api, adminToken);
    if (count === null || count === want || performance.now() > deadline) return count;
    await sleep(250);
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

void cleanup.main(HARD_LIMIT_MS, main);

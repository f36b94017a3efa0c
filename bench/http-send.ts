// HTTP send benchmark: the server's CPU for one `messages.send` over HTTP as `httpLink` sends
// it (POST /api/trpc/messages.send, superjson body, Bearer token), with no live socket open,
// so that the figure is the request's own path: parsing, authentication, validation, the send
// statement, the answer. The real server (createRelayServer) runs in this process; the client
// is a child process with SENDERS keep-alive connections, so its work is not counted. Each
// round's figure is this process's CPU time (user + system) over the round's sends.
// Run: `npm run bench:http-send` (DATABASE_URL=postgres://… for PostgreSQL; default PGlite,
// whose queries then count as server CPU too). Knobs: SENDS (per round), ROUNDS, SENDERS.
import { spawn } from "node:child_process";
import os from "node:os";
import { createRelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { parseEnv } from "@/env";
import { rateLimitConfigFromEnv } from "@/server/rate-limit/config";
import { createRateLimits } from "@/server/rate-limit/limits";
import { createTestWorld } from "@/server/testing/harness";
import { envNumber } from "./live-server";

const SENDS = envNumber("SENDS", 4_000);
const ROUNDS = Math.max(1, envNumber("ROUNDS", 5));
const SENDERS = Math.max(1, envNumber("SENDERS", 16));
const WARMUP = envNumber("WARMUP", 1_000);

/** The client: `n` sends over `senders` keep-alive connections; fails on any answer but 200. */
const CLIENT = `
const http = require("node:http");
const { randomUUID } = require("node:crypto");
const [base, token, chatId, n, senders] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(senders) });
let next = 0;
const send = (i) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ json: { chatId, clientId: randomUUID(), content: "hello " + i } });
  const headers = { "content-type": "application/json", authorization: "Bearer " + token, "content-length": Buffer.byteLength(body) };
  const request = http.request(base + "/api/trpc/messages.send", { method: "POST", agent, headers }, (res) => {
    res.resume();
    res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error("answered " + res.statusCode))));
  });
  request.on("error", reject);
  request.end(body);
});
Promise.all(Array.from({ length: Number(senders) }, async () => { while (next < Number(n)) await send(next++); }))
  .then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

function runClient(base: string, token: string, chatId: string, sends: number) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", CLIENT, base, token, chatId, String(sends), String(SENDERS)], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the client exited with ${code}`))));
  });
}

async function main() {
  // The harness puts its scratch database on the server only when asked to.
  if (process.env.DATABASE_URL) process.env.RELAY_TEST_DB = "postgres";
  const world = await createTestWorld();
  // One sender past any sensible budget: the limits are off unless RATE_LIMITS says otherwise.
  const limits = createRateLimits({ config: rateLimitConfigFromEnv(parseEnv({ ...process.env, RATE_LIMITS: process.env.RATE_LIMITS ?? "off" })) });
  const relay = createRelayServer({ database: world.database, bus: world.bus, connections: new ConnectionRegistry(), limits });
  const base = `http://127.0.0.1:${await relay.listen(0, "127.0.0.1")}`;
  const { a, chatId } = await world.directChat();
  console.log(`# Relay HTTP send benchmark`);
  console.log(`Node ${process.version}; ${os.cpus().length} CPUs; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite (in this process)"}; ${ROUNDS} rounds of ${SENDS} sends over ${SENDERS} connections\n`);
  await runClient(base, a.token, chatId, WARMUP);
  const perSend: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await runClient(base, a.token, chatId, SENDS);
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000 / SENDS;
    perSend.push(ms);
    console.log(`round ${round}: ${ms.toFixed(3)} ms of server CPU per send; ${(SENDS / ((performance.now() - started) / 1000)).toFixed(0)} sends/s`);
  }
  const sorted = [...perSend].sort((x, y) => x - y);
  console.log(`\nmedian ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} ms, min ${sorted[0]!.toFixed(3)}, max ${sorted.at(-1)!.toFixed(3)} ms of server CPU per send`);
  await relay.shutdown();
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// GET /api/health asks the database (and any extra check) and says what is down: 503 without
// the database, 200 "degraded" without Redis; /api/health/live only says the process serves. Real servers on real ports; the databases
// that fail are real too: one closed, one where nothing listens, one that never answers.
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import type { Database, DatabaseHandle } from "@/server/db";
import { schema } from "@/server/db";
import { MemoryEventBus } from "@/server/events/bus";
import { type HealthCheck, redisCheck } from "@/server/health";
import { openRedis } from "@/server/redis";
import { createTestDatabase, type TestDatabase } from "@/server/testing/harness";

let database: TestDatabase;
const running: RelayServer[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.shutdown()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  await database?.drop();
});

async function serve(handle: DatabaseHandle, healthChecks?: HealthCheck[]) {
  const relay = createRelayServer({ database: handle, bus: new MemoryEventBus(), connections: new ConnectionRegistry(), healthChecks });
  running.push(relay);
  const port = await relay.listen(0, "127.0.0.1");
  return `http://127.0.0.1:${port}`;
}

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

/** A postgres.js database at `port` on this machine, closed after the test. */
function postgresAt(port: number): DatabaseHandle {
  const client = postgres(`postgres://relay:secret-password@127.0.0.1:${port}/relay`, { max: 1, connect_timeout: 30, onnotice: () => {} });
  cleanups.push(() => client.end({ timeout: 0 }));
  return { db: drizzle({ client, schema }) as unknown as Database, driver: "postgres", close: () => client.end({ timeout: 0 }) };
}

/** A TCP port that accepts connections and never says a word: a database that hangs. */
async function silentPort(): Promise<number> {
  const sockets = new Set<import("node:net").Socket>();
  const server: TcpServer = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

/** A port where nothing listens (it was free a moment ago). */
async function deadPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("with the database answering, health is 200 ok and says so", async () => {
  const base = await serve(database);
  const health = await get(`${base}/api/health`);
  expect(health.status).toBe(200);
  expect(health.type).toContain("application/json");
  expect(JSON.parse(health.text)).toEqual({ status: "ok", checks: { database: "ok" }, websocket: true });
  expect(await get(`${base}/api/health/live`)).toMatchObject({ status: 200, text: JSON.stringify({ status: "ok" }) });
});

test("a database that never answers: health is 503 'timeout' (in bounded time), liveness still 200", async () => {
  const port = await silentPort();
  const base = await serve(postgresAt(port));
  const health = await get(`${base}/api/health`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.text)).toEqual({ status: "down", checks: { database: "timeout" }, websocket: true });
  expect(health.text).not.toContain(String(port));
  // Asked again while the first query still hangs: the same answer, not a pile of queries.
  expect((await get(`${base}/api/health`)).status).toBe(503);
  expect((await get(`${base}/api/health/live`)).status).toBe(200);
});

test("a database where nothing listens: health is 503 'error' and leaks nothing of the failure", async () => {
  const port = await deadPort();
  const base = await serve(postgresAt(port));
  const health = await get(`${base}/api/health`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.text)).toEqual({ status: "down", checks: { database: "error" }, websocket: true });
  for (const secret of [String(port), "127.0.0.1", "ECONNREFUSED", "select", "secret-password"]) expect(health.text).not.toContain(secret);
});

test("a database that was closed: health is 503", async () => {
  const closed = await createTestDatabase();
  const base = await serve(closed);
  expect((await get(`${base}/api/health`)).status).toBe(200);
  await closed.drop();
  const health = await get(`${base}/api/health`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.text)).toMatchObject({ status: "down", checks: { database: "error" } });
});

test("an extra check from the app's options counts: one the app needs makes the whole 503, by name", async () => {
  let storeUp = true;
  const store: HealthCheck = {
    name: "store",
    check: async () => {
      if (!storeUp) throw new Error("connect ECONNREFUSED 10.0.0.7:9000");
    },
  };
  const base = await serve(database, [store]);
  expect(JSON.parse((await get(`${base}/api/health`)).text)).toMatchObject({ status: "ok", checks: { database: "ok", store: "ok" } });
  storeUp = false;
  const health = await get(`${base}/api/health`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.text)).toEqual({ status: "down", checks: { database: "ok", store: "error" }, websocket: true });
  expect(health.text).not.toContain("10.0.0.7");
});

test("a check the app can serve without: failing, health is 200 'degraded' and names it; the database still decides 503", async () => {
  const cache: HealthCheck = {
    name: "cache",
    degrades: true,
    check: async () => {
      throw new Error("connect ECONNREFUSED 10.0.0.7:6379");
    },
  };
  const degraded = await get(`${await serve(database, [cache])}/api/health`);
  expect(degraded.status).toBe(200);
  expect(JSON.parse(degraded.text)).toEqual({ status: "degraded", checks: { database: "ok", cache: "error" }, websocket: true });
  expect(degraded.text).not.toContain("10.0.0.7");

  const both = await get(`${await serve(postgresAt(await deadPort()), [cache])}/api/health`);
  expect(both.status).toBe(503);
  expect(JSON.parse(both.text)).toEqual({ status: "down", checks: { database: "error", cache: "error" }, websocket: true });
});

test("with Redis configured, health pings it; a Redis that is down or does not answer leaves the app serving, degraded", async () => {
  // The real Redis at REDIS_URL (CI sets it; the default is the local server).
  const live = openRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const dead = openRedis(`redis://127.0.0.1:${await deadPort()}`);
  const silent = openRedis(`redis://127.0.0.1:${await silentPort()}`);
  cleanups.push(async () => {
    for (const client of [live, dead, silent]) client.disconnect();
  });
  const up = await get(`${await serve(database, [redisCheck(live)])}/api/health`);
  expect(up.status).toBe(200);
  expect(JSON.parse(up.text)).toEqual({ status: "ok", checks: { database: "ok", redis: "ok" }, websocket: true });

  const down = await get(`${await serve(database, [redisCheck(dead)])}/api/health`);
  expect(down.status).toBe(200);
  expect(JSON.parse(down.text)).toEqual({ status: "degraded", checks: { database: "ok", redis: "error" }, websocket: true });

  const hanging = await get(`${await serve(database, [redisCheck(silent)])}/api/health`);
  expect(hanging.status).toBe(200);
  expect(JSON.parse(hanging.text)).toEqual({ status: "degraded", checks: { database: "ok", redis: "timeout" }, websocket: true });
});

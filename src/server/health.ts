// What GET /api/health reports: each dependency asked with a short timeout. Without the
// database the app cannot serve ("down", 503: a load balancer or orchestrator takes the
// instance out of rotation). Without Redis it still serves, with less ("degraded", 200): the
// request limits count in memory meanwhile and the database stays the record of the rest, so
// taking every instance out of rotation for it would turn an outage of Redis into one of
// Relay. Only a word per check is reported ("ok", "timeout", "error"), never the error
// itself: it may carry SQL or a connection string.
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Database } from "@/server/db";

/**
 * One dependency: `check` resolves when it answers, rejects (or never settles) when it does not.
 * `degrades`: the app serves without it, so its failure makes the report "degraded", not "down".
 */
export type HealthCheck = { name: string; check: () => Promise<void>; degrades?: boolean };
export type CheckState = "ok" | "timeout" | "error";
export type HealthStatus = "ok" | "degraded" | "down";
export type HealthReport = { status: HealthStatus; checks: Record<string, CheckState> };

export const HEALTH_TIMEOUT_MS = 1_500;

export function databaseCheck(db: Database): HealthCheck {
  return { name: "database", check: async () => void (await db.execute(sql`select 1`)) };
}

/**
 * Redis answers PING. The client queues nothing while disconnected (a command then fails at
 * once), so a link still being set up is waited for: it becomes ready, or reports an error.
 */
export function redisCheck(client: Redis): HealthCheck {
  return {
    name: "redis",
    degrades: true,
    check: async () => {
      if (client.status !== "ready") await linkSettled(client);
      await client.ping();
    },
  };
}

function linkSettled(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      client.off("ready", onReady);
      reject(error);
    };
    client.once("ready", onReady);
    client.once("error", onError);
  });
}

/**
 * Runs every check at once, each bounded by `timeoutMs`. While a database is unreachable its
 * query may hang for a long time: a check still pending from an earlier probe is awaited
 * again instead of being started anew, so frequent probes do not pile up queries.
 */
export function healthChecker(checks: readonly HealthCheck[], timeoutMs = HEALTH_TIMEOUT_MS) {
  const pending = new Map<string, Promise<void>>();

  function settle(check: HealthCheck): Promise<void> {
    let running = pending.get(check.name);
    if (!running) {
      running = Promise.resolve()
        .then(check.check)
        .finally(() => pending.delete(check.name));
      pending.set(check.name, running);
    }
    return running;
  }

  async function state(check: HealthCheck): Promise<CheckState> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<CheckState>((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const answered = settle(check).then(
      (): CheckState => "ok",
      (): CheckState => "error",
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  return async function report(): Promise<HealthReport> {
    const states = await Promise.all(checks.map(state));
    const entries = checks.map((check, i) => [check.name, states[i]!] as const);
    const failed = checks.filter((_, i) => states[i] !== "ok");
    const status: HealthStatus = failed.length === 0 ? "ok" : failed.every((check) => check.degrades) ? "degraded" : "down";
    return { status, checks: Object.fromEntries(entries) };
  };
}

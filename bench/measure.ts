// Timing and plan capture for the benchmark. Latencies are sequential calls (one at a time),
// summarised as median, p95 and p99. Plans are of the statements a procedure really issued: drizzle's
// logger sees each statement with its parameters, and we replay them under EXPLAIN ANALYZE.
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm";
import type { Sql } from "postgres";
import type { DatabaseHandle } from "@/server/db";

export type Timing = { label: string; n: number; median: number; p95: number; p99: number; min: number; max: number };

/** Runs `fn` after a warm-up until `iterations` calls or `maxSeconds` have passed, whichever is first. */
export async function time(
  label: string,
  fn: () => Promise<unknown>,
  options: { warmup?: number; iterations?: number; maxSeconds?: number } = {},
): Promise<Timing> {
  const { warmup = 20, iterations = 300, maxSeconds = 10 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const deadline = performance.now() + maxSeconds * 1000;
  while (samples.length < iterations && performance.now() < deadline) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))]!;
  return { label, n: samples.length, median: at(0.5), p95: at(0.95), p99: at(0.99), min: samples[0]!, max: samples[samples.length - 1]! };
}

export type Statement = { sql: string; params: unknown[] };

/** The statements `fn` sends through drizzle, in order. */
export async function captureStatements(handle: DatabaseHandle, fn: () => Promise<unknown>): Promise<Statement[]> {
  // drizzle keeps its logger on the session and hands it to every query it prepares; a
  // transaction's session takes it from the options.
  const session = (handle.db as unknown as { session: { logger: Logger; options: { logger?: Logger } } }).session;
  const previous = { session: session.logger, options: session.options.logger };
  const captured: Statement[] = [];
  const logger: Logger = { logQuery: (query, params) => void captured.push({ sql: query, params: [...params] }) };
  session.logger = logger;
  session.options.logger = logger;
  try {
    await fn();
  } finally {
    session.logger = previous.session;
    session.options.logger = previous.options;
  }
  return captured;
}

/** Runs one statement on the underlying client and returns its rows. */
async function rawQuery(handle: DatabaseHandle, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (handle.driver === "pglite") return (await (client as PGlite).query<Record<string, unknown>>(text, params)).rows;
  return [...(await (client as Sql).unsafe(text, params as never[]))];
}

export type Plan = { statement: Statement; lines: string[]; scans: string[]; seqScans: string[] };

const scanPattern = /((?:Parallel )?(?:Seq Scan|Index Only Scan(?: Backward)?|Index Scan(?: Backward)?|Bitmap Index Scan)(?: using \S+)? on \S+)/;

export async function explain(handle: DatabaseHandle, statement: Statement): Promise<Plan> {
  const rows = await rawQuery(handle, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.sql}`, statement.params);
  const lines = rows.map((row) => String(row["QUERY PLAN"]));
  const scans = lines.flatMap((line) => scanPattern.exec(line)?.[1] ?? []);
  return { statement, lines, scans, seqScans: scans.filter((s) => s.includes("Seq Scan")) };
}

/** "select … from "messages" where …" shortened to one line for a heading. */
export function shortSql(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

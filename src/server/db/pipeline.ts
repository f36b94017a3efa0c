// One transaction in one round trip. BEGIN, the statements and COMMIT leave together, so a
// write that needs no answer between its statements costs one trip to PostgreSQL instead of
// one per statement: under load each trip (a socket write, a read, a parse) is this process's
// most expensive work, and the database's too.
//
// Statements run in order, each with its own snapshot (READ COMMITTED): a statement that
// waits for a lock lets the next one see what the lock's holder committed. When one fails,
// PostgreSQL refuses the rest and COMMIT rolls back; the first failure is what is thrown.
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { Database } from "./index";

/** Plain SQL with `$1`-style parameters. */
export type Statement = { text: string; params: readonly unknown[] };
export type Row = Record<string, unknown>;

/** Runs the statements in one transaction and returns each one's rows. */
export async function pipelinedTransaction(db: Database, statements: readonly Statement[]): Promise<Row[][]> {
  const client = (db as unknown as { $client: Sql | PGlite }).$client;
  if ("reserve" in client) return overTheWire(client, statements);
  // PGlite runs in this process: there is no trip to save.
  return client.transaction(async (tx) => {
    const results: Row[][] = [];
    for (const { text, params } of statements) results.push((await tx.query<Row>(text, [...params])).rows);
    return results;
  });
}

async function overTheWire(sql: Sql, statements: readonly Statement[]): Promise<Row[][]> {
  const connection = await sql.reserve();
  try {
    // postgres.js queries start when executed and are written out together within a tick.
    const queries = [
      connection.unsafe("BEGIN"),
      ...statements.map(({ text, params }) => connection.unsafe(text, [...params] as never[], { prepare: true })),
      connection.unsafe("COMMIT"),
    ];
    for (const query of queries) query.execute();
    const settled = await Promise.allSettled(queries);
    const failure = settled.find((s) => s.status === "rejected");
    if (failure) throw failure.reason;
    return settled.slice(1, -1).map((s) => [...(s as PromiseFulfilledResult<Iterable<Row>>).value]);
  } finally {
    connection.release();
  }
}

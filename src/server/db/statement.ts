// One hand-written statement on the hot path, without the query builder: plain SQL with `$1`
// parameters, prepared once per connection (see prepared.ts) and then only bound. A statement
// is atomic on its own (its CTEs included): one that needs no transaction around it is one
// round trip, and one socket write.
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { Database } from "./index";

export type Row = Record<string, unknown>;

export async function runStatement<R extends Row>(db: Database, text: string, params: readonly unknown[]): Promise<R[]> {
  const client = (db as unknown as { $client: Sql | PGlite }).$client;
  if ("unsafe" in client) return [...(await client.unsafe(text, [...params] as never[], { prepare: true }))] as unknown as R[];
  return (await client.query<R>(text, [...params])).rows;
}

// Chooses the database driver at start: postgres.js when DATABASE_URL is set, else embedded
// PGlite under DATA_DIR. The process-wide instance lives on globalThis because Next compiles
// its route handlers into a module graph of its own, and two PGlite instances on one data
// directory corrupt it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/env";
import { preparingEveryQuery } from "./prepared";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: services accept either. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

export type DatabaseHandle = {
  db: Database;
  driver: "pglite" | "postgres";
  close: () => Promise<void>;
};

/**
 * `url` → PostgreSQL server; `dataDir` → PGlite on disk; neither → PGlite in memory (tests),
 * started from `image` (a `dumpDataDir` tarball) when given.
 */
export function openDatabase(options: { url?: string; dataDir?: string; image?: Blob }): DatabaseHandle {
  if (options.url) {
    const client = preparingEveryQuery(postgres(options.url, { max: 10, onnotice: () => {} }));
    return {
      db: drizzlePostgres({ client, schema }) as unknown as Database,
      driver: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.image, extensions: { pg_trgm, unaccent } });
  return {
    db: drizzlePglite({ client, schema }) as unknown as Database,
    driver: "pglite",
    close: () => client.close(),
  };
}

const key = Symbol.for("relay.database");
type Holder = { [key]?: DatabaseHandle };

/** The process-wide database, opened from the environment on first use. */
export function database(): DatabaseHandle {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    const { DATABASE_URL, DATA_DIR } = env();
    holder[key] = openDatabase(
      DATABASE_URL ? { url: DATABASE_URL } : { dataDir: path.resolve(DATA_DIR, "pglite") },
    );
  }
  return holder[key];
}

export { schema };

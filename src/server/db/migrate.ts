// Applies the committed drizzle-kit migrations. Runs at every start, before the port opens.
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { DatabaseHandle } from "./index";

const migrationsFolder = fileURLToPath(new URL("../../../drizzle", import.meta.url));

export async function migrateDatabase({ db, driver }: DatabaseHandle): Promise<void> {
  // Substring user search relies on trigram indexes.
  await db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  if (driver === "pglite") {
    await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder });
  }
}

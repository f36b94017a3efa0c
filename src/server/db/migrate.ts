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
  // Substring search (people, chats, messages) relies on trigram indexes; message search
  // folds accents with unaccent (the migrations wrap it as relay_search_text).
  await db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  await db.execute(sql`CREATE EXTENSION IF NOT EXISTS unaccent`);
  if (driver === "pglite") {
    await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder });
  }
}

// What every Relay process does with its database before it serves: the schema migrated, and
// presence reset (a killed process left its marks; see resetPresence for what goes when
// other instances may be serving).
import { database, type DatabaseHandle } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { resetPresence } from "@/server/services/accounts/presence";

export async function prepareDatabase(): Promise<DatabaseHandle> {
  const db = database();
  await migrateDatabase(db);
  // PGlite is embedded: no other process serves this database.
  await resetPresence(db.db, { alone: db.driver === "pglite" });
  return db;
}

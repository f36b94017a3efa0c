// What every Relay process does with its database before it serves: the schema migrated, and
// presence reset (no one is online before a socket opens: a killed process left its marks).
import { database, type DatabaseHandle } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { resetPresence } from "@/server/services/accounts/presence";

export async function prepareDatabase(): Promise<DatabaseHandle> {
  const db = database();
  await migrateDatabase(db);
  await resetPresence(db.db);
  return db;
}

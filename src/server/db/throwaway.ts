// A fresh, migrated database that is dropped afterwards, for tests and benchmarks: PGlite in
// memory, or a database of its own on the PostgreSQL server at `serverUrl`.
import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "./index";
import { migrateDatabase } from "./migrate";

export type ThrowawayDatabase = DatabaseHandle & { drop: () => Promise<void> };

/**
 * A migrated PGlite, dumped once per process: starting from it takes about a third of the time
 * of PGlite's initdb plus every migration, which every test file would otherwise pay.
 */
let migratedImage: Promise<Blob> | undefined;

function migratedPgliteImage(): Promise<Blob> {
  migratedImage ??= (async () => {
    const handle = openDatabase({});
    try {
      await migrateDatabase(handle);
      return await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
    } finally {
      await handle.close();
    }
  })();
  return migratedImage;
}

export async function openThrowawayDatabase(options: { serverUrl?: string; prefix: string }): Promise<ThrowawayDatabase> {
  const { serverUrl, prefix } = options;
  if (!serverUrl) {
    const handle = openDatabase({ image: await migratedPgliteImage() });
    // Nothing to do on the image; a check that it is current costs a query.
    await migrateDatabase(handle);
    return { ...handle, drop: handle.close };
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString() });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await handle.close().catch(() => {});
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    await migrateDatabase(handle);
  } catch (error) {
    await drop();
    throw error;
  }
  return { ...handle, drop };
}

/** Runs one statement (CREATE / DROP DATABASE) on the server at `serverUrl`, on a connection of its own. */
export async function onServer(serverUrl: string, statement: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

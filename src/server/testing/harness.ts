// Test support: a fresh, migrated database per test file (PGlite in memory, or a throwaway
// database on the PostgreSQL server at DATABASE_URL), callers signed in as fresh users.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createCaller } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { openDatabase, type DatabaseHandle } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { MemoryEventBus } from "@/server/events/bus";
import { authenticate } from "@/server/services/users";

process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

export type TestDatabase = DatabaseHandle & { drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (process.env.RELAY_TEST_DB !== "postgres" || !url) {
    const handle = openDatabase({});
    await migrateDatabase(handle);
    return { ...handle, drop: handle.close };
  }
  const name = `relay_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = openDatabase({ url: testUrl.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A world for one test file: a database, a bus, and helpers to act as users. */
export async function createTestWorld() {
  const database = await createTestDatabase();
  const bus = new MemoryEventBus();
  const deps = { db: database.db, bus };
  let counter = 0;

  const anonymous = createCaller({ ...deps, user: null });

  async function callerFor(token: string) {
    const user = await authenticate(database.db, token);
    if (!user) throw new Error("token did not authenticate");
    const ctx: Context = { ...deps, user };
    return createCaller(ctx);
  }

  /** Registers a new user and returns their profile, token and a signed-in caller. */
  async function signUp(overrides: Partial<{ username: string; firstName: string; lastName: string; password: string }> = {}) {
    counter += 1;
    const input = {
      username: overrides.username ?? `user${counter}_${randomBytes(3).toString("hex")}`,
      firstName: overrides.firstName ?? `First${counter}`,
      lastName: overrides.lastName ?? `Last${counter}`,
      age: 30,
      password: overrides.password ?? "secret-password",
    };
    const { user, token } = await anonymous.auth.register(input);
    return { user, token, password: input.password, api: await callerFor(token) };
  }

  return { database, db: database.db, bus, deps, anonymous, signUp, callerFor, close: database.drop };
}

export type TestWorld = Awaited<ReturnType<typeof createTestWorld>>;

// A hand-written statement is atomic and returns its rows; over the wire, queries (drizzle's
// too) are prepared statements (prepared.ts).
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { rowsOf } from "./rows";
import { users } from "./schema";
import { runStatement } from "./statement";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
  await runStatement(world.db, "CREATE TABLE statement_notes (label text PRIMARY KEY)", []);
});
afterAll(() => world.close());

const labels = async () => (await runStatement<{ label: string }>(world.db, "SELECT label FROM statement_notes ORDER BY label", [])).map((r) => r.label);
const insertBoth = `WITH first AS (INSERT INTO statement_notes (label) VALUES ($1) RETURNING label)
  INSERT INTO statement_notes (label) SELECT $2 FROM first RETURNING label`;

test("a statement's rows come back, with its parameters typed by the server", async () => {
  expect(await runStatement(world.db, insertBoth, ["a", "b"])).toEqual([{ label: "b" }]);
  const typed = "SELECT count(*)::int AS n, $1::timestamptz = '2026-01-01 01:00+01' AS same FROM statement_notes";
  expect(await runStatement(world.db, typed, ["2026-01-01T00:00:00Z"])).toEqual([{ n: 2, same: true }]);
});

test("a statement that fails half way leaves nothing behind", async () => {
  // "c" goes in first, then "a" breaks the primary key: neither stays.
  await expect(runStatement(world.db, insertBoth, ["c", "a"])).rejects.toMatchObject({ code: "23505" });
  expect(await labels()).toEqual(["a", "b"]);
});

// PGlite runs in this process and prepares nothing; over the wire every query is prepared.
if (process.env.RELAY_TEST_DB === "postgres") {
  test("drizzle's queries are prepared once per connection, then only bound", async () => {
    const prepared = await world.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.select({ id: users.id }).from(users).where(eq(users.username, `nobody-${i}`));
      return tx.execute(sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%"users"."username" = $1%'`);
    });
    expect(rowsOf(prepared)).toHaveLength(1);
  });
}

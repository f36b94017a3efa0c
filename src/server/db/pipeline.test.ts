// A pipelined transaction is one transaction: all of it commits, or none of it. And over the
// wire, queries are prepared statements (prepared.ts).
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { eq, sql } from "drizzle-orm";
import { pipelinedTransaction } from "./pipeline";
import { rowsOf } from "./rows";
import { users } from "./schema";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const note = (label: string) => ({ text: "INSERT INTO pipeline_notes (label) VALUES ($1) RETURNING label", params: [label] });
const notes = async () => (await pipelinedTransaction(world.db, [{ text: "SELECT label FROM pipeline_notes ORDER BY label", params: [] }]))[0];

test("every statement's rows come back, in order, once all of them are committed", async () => {
  await pipelinedTransaction(world.db, [{ text: "CREATE TABLE pipeline_notes (label text PRIMARY KEY)", params: [] }]);
  const results = await pipelinedTransaction(world.db, [note("a"), note("b"), { text: "SELECT count(*)::int AS n FROM pipeline_notes", params: [] }]);
  expect(results).toEqual([[{ label: "a" }], [{ label: "b" }], [{ n: 2 }]]);
  expect(await notes()).toEqual([{ label: "a" }, { label: "b" }]);
});

test("a failing statement rolls back the ones before it and throws its own error", async () => {
  // "a" exists: the second insert fails on the primary key, after "c" was written.
  const failed = pipelinedTransaction(world.db, [note("c"), note("a"), note("d")]);
  await expect(failed).rejects.toMatchObject({ code: "23505" });
  expect(await notes()).toEqual([{ label: "a" }, { label: "b" }]);
  // The connection it used is as good as new.
  await pipelinedTransaction(world.db, [note("e")]);
  expect(await notes()).toEqual([{ label: "a" }, { label: "b" }, { label: "e" }]);
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

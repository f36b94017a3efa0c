// The log describes a failed query by its class, code, SQL and stack: never its parameters.
import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, expect, test, vi } from "vitest";
import { createTestDatabase } from "@/server/testing/harness";
import { describeError, log } from "./log";

afterEach(() => vi.restoreAllMocks());

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

function driverError() {
  // What postgres.js and PGlite hang on their errors.
  return Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: "22021",
    query: 'insert into "users" ("username", "password_hash") values ($1, $2)',
    parameters: ["ann", HASH],
    params: ["ann", HASH],
  });
}

test("a DrizzleQueryError is logged with its class, SQL and cause, without its params (even across lines)", () => {
  const error = new DrizzleQueryError('insert into "users" ("username", "password_hash") values ($1, $2)', ["ann\nline two", HASH], driverError());
  const described = describeError(error);
  expect(described).toMatch(/^DrizzleQueryError: Failed query: insert into "users"/);
  expect(described).toContain('caused by: Error [22021]: invalid byte sequence for encoding "UTF8": 0x00');
  expect(described).toMatch(/\n\s+at /);
  expect(described).not.toMatch(/argon2|params|ann|line two/);
});

test("log.error prints the described error, never the driver's properties", () => {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  log.error("register failed", new DrizzleQueryError("insert into users values ($1)", [HASH], driverError()));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("ERROR register failed DrizzleQueryError: Failed query: insert into users values ($1)");
  expect(lines[0]).not.toContain("argon2");
});

test("a real failed query is logged without the value it was given, even where the server's message quotes it", async () => {
  const database = await createTestDatabase();
  try {
    const failure = await database.db.execute(sql`select ${`${HASH} and more`}::int as n`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    const described = describeError(failure as Error);
    expect(described).toContain("select $1::int as n");
    expect(described).toContain("invalid input syntax for type integer");
    expect(described).not.toContain("argon2");
  } finally {
    await database.drop();
  }
});

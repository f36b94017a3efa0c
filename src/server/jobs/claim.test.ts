// A job claimed in the database runs on one instance at a time: two instances trying at once
// (two handles on one PostgreSQL database, each with connections of its own) run it once, and
// a claim whose transaction died with its connection is free again for the other.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Database, type DatabaseHandle, schema } from "@/server/db";
import { createServerDatabase, type ServerDatabase } from "@/server/testing/spawned-server";
import { claimJob, jobKey, runClaimed } from "./claim";

let database: ServerDatabase;
let first: DatabaseHandle;
const opened: DatabaseHandle[] = [];

beforeAll(async () => {
  database = await createServerDatabase();
  first = open();
});
afterAll(async () => {
  await Promise.all(opened.map((handle) => handle.close().catch(() => {})));
  await database?.drop();
});

function open(): DatabaseHandle {
  const handle = database.open();
  opened.push(handle);
  return handle;
}

/** Runs a claim of `jobName` every few milliseconds until one runs; fails after `timeoutMs`. */
async function claimWhenFree(db: Database, jobName: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await runClaimed(db, jobName, async () => "ran");
    if (outcome.ran) return outcome;
    if (Date.now() > deadline) throw new Error(`${jobName} stayed claimed`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

test("a job's key is the same on every instance, and different jobs have different keys", () => {
  expect(jobKey("event-log:prune")).toBe(jobKey("event-log:prune"));
  expect(jobKey("event-log:prune")).not.toBe(jobKey("calls:sweep"));
  expect(Number.isInteger(jobKey("calls:sweep"))).toBe(true);
});

test("a claimed job runs and hands back its result; once it is done the job can run again", async () => {
  expect(await runClaimed(first.db, "claim-test:again", async () => "done")).toEqual({ ran: true, value: "done" });
  expect(await runClaimed(first.db, "claim-test:again", async () => "again")).toEqual({ ran: true, value: "again" });
});

test("two callers at once never run the same job at the same time", async () => {
  let running = 0;
  let most = 0;
  const work = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 50));
    running -= 1;
  };
  const outcomes = await Promise.all([runClaimed(first.db, "claim-test:overlap", work), runClaimed(first.db, "claim-test:overlap", work)]);
  expect(most).toBe(1);
  expect(outcomes.some((outcome) => outcome.ran)).toBe(true);
});

test("work that fails rolls back its transaction and frees the claim", async () => {
  await expect(
    runClaimed(first.db, "claim-test:failing", async () => {
      throw new Error("the job failed");
    }),
  ).rejects.toThrow("the job failed");
  expect(await runClaimed(first.db, "claim-test:failing", async () => 1)).toEqual({ ran: true, value: 1 });
});

// PGlite is one connection in one process: its transactions queue instead of meeting.
if (process.env.RELAY_TEST_DB === "postgres") {
  describe("two instances on one PostgreSQL database", () => {
    test("both trying at once: exactly one runs the job, the other skips it", async () => {
      const second = open();
      let runs = 0;
      const inside = gate();
      const release = gate();
      const work = async () => {
        runs += 1;
        inside.open();
        await release.opened;
      };
      const attempts = [runClaimed(first.db, "claim-test:once", work), runClaimed(second.db, "claim-test:once", work)];
      await inside.opened;
      // Whichever did not get in has given up by now, without waiting for the other.
      const skipped = await Promise.race(attempts);
      expect(skipped).toEqual({ ran: false });
      release.open();
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
      expect(runs).toBe(1);
    });

    test("a different job is not held up by one that is running", async () => {
      const second = open();
      const inside = gate();
      const release = gate();
      const held = runClaimed(first.db, "claim-test:long", async () => {
        inside.open();
        await release.opened;
      });
      await inside.opened;
      expect(await runClaimed(second.db, "claim-test:long", async () => "ran")).toEqual({ ran: false });
      expect(await runClaimed(second.db, "claim-test:other", async () => "ran")).toEqual({ ran: true, value: "ran" });
      release.open();
      await held;
    });

    test("an instance that dies holding a claim leaves it free: once its connection is gone, the other runs the job", async () => {
      // The instance that dies: a connection of its own, cut off mid-job as a crash would.
      const client = postgres(database.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      const dying = drizzle({ client, schema }) as unknown as Database;
      const survivor = open();
      const inside = gate();
      const held = dying.transaction(async (tx) => {
        expect(await claimJob(tx, "claim-test:crash")).toBe(true);
        inside.open();
        await new Promise(() => {}); // it never gets further
      });
      held.catch(() => {}); // it fails once its connection is gone
      await inside.opened;
      expect(await runClaimed(survivor.db, "claim-test:crash", async () => "ran")).toEqual({ ran: false });

      await client.end({ timeout: 0 });
      expect(await claimWhenFree(survivor.db, "claim-test:crash")).toEqual({ ran: true, value: "ran" });
    });
  });
}

// Work that every instance runs on a timer (pruning the event log, sweeping stale calls), done
// by one of them at a time. A job is claimed with a transaction-scoped advisory lock, tried
// rather than waited for: whoever holds it does the work inside that transaction, and the
// others skip this round. Because the lock belongs to the transaction, nothing has to release
// it: a commit or rollback does, and so does an instance that dies mid-job, as its connection
// closes and the server aborts its transaction; the next round, on any instance, finds the job
// free. A job's work therefore reads what is left to do from the database under its claim,
// so that a round skipped or cut short loses nothing.
// PGlite has one connection: its transactions queue, so claims there never collide, and the
// work must use the transaction it is given (a query on the database itself would wait for it).
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { rowsOf } from "@/server/db/rows";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { ServiceDeps } from "@/server/services/deps";

// The first half of every job's lock key: keeps jobs apart from Relay's other advisory locks.
const JOB_LOCKS = 1_785_624_231;

export type Claimed<T> = { ran: true; value: T } | { ran: false };

/** The second half of a job's lock key: the same for a name on every instance and every release. */
export function jobKey(jobName: string): number {
  return createHash("sha256").update(jobName).digest().readInt32BE(0);
}

/** Claims `jobName` for the rest of `tx`; false when another transaction holds it. */
export async function claimJob(tx: Executor, jobName: string): Promise<boolean> {
  const result = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${JOB_LOCKS}::int, ${jobKey(jobName)}::int) AS claimed`);
  return rowsOf<{ claimed: boolean }>(result)[0]?.claimed === true;
}

/** Runs `work` in a transaction that holds the claim of `jobName`, unless another one holds it. */
export function runClaimed<T>(db: Database, jobName: string, work: (tx: Executor) => Promise<T>): Promise<Claimed<T>> {
  return db.transaction(async (tx): Promise<Claimed<T>> => {
    if (!(await claimJob(tx, jobName))) return { ran: false };
    return { ran: true, value: await work(tx) };
  });
}

/** runClaimed for work that emits events: they are logged with it and published once it commits. */
export function runClaimedWithEvents<T>(
  deps: ServiceDeps,
  jobName: string,
  work: (tx: Executor, emit: Emit) => Promise<T>,
): Promise<Claimed<T>> {
  return commitWithEvents(deps, async (tx, emit): Promise<Claimed<T>> => {
    if (!(await claimJob(tx, jobName))) return { ran: false };
    return { ran: true, value: await work(tx, emit) };
  });
}

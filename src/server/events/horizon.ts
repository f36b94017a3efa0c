// The log's horizon: events older than the retention period are pruned, oldest first, so the
// log stays a bounded window. A client whose last event id lies below what was pruned cannot
// be replayed to; its stream tells it to refetch instead (`stream:reset`).
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { eventLogHorizon, events } from "@/server/db/schema";
import { runClaimed } from "@/server/jobs/claim";
import { log } from "@/server/log";

const PRUNE_BATCH = 5_000;
const PRUNE_JOB = "event-log:prune";
const HOUR_MS = 60 * 60 * 1000;

/** Whether events after `lastEventId` may have been pruned. */
export async function pastHorizon(db: Executor, lastEventId: number): Promise<boolean> {
  const [row] = await db.select({ prunedThrough: eventLogHorizon.prunedThrough }).from(eventLogHorizon).where(eq(eventLogHorizon.id, 1));
  return lastEventId < (row?.prunedThrough ?? 0);
}

/**
 * Deletes the events written before `before`, as a prefix of the log (ids at or below the
 * first event that is not old enough stay), and moves the horizon past them. Returns how many
 * went. Each batch is a claimed job of its own (see jobs/claim.ts): while another instance
 * prunes, this one stops, and a batch cut short by a crash is done again by the next round.
 */
export async function pruneEventLog(db: Database, before: Date): Promise<number> {
  let total = 0;
  while (true) {
    const round = await runClaimed(db, PRUNE_JOB, async (tx) => {
      const [horizon] = await tx.select().from(eventLogHorizon).where(eq(eventLogHorizon.id, 1));
      const from = horizon?.prunedThrough ?? 0;
      const batch = await tx
        .select({ id: events.id, createdAt: events.createdAt })
        .from(events)
        .where(gt(events.id, from))
        .orderBy(asc(events.id))
        .limit(PRUNE_BATCH);
      let through = from;
      for (const row of batch) {
        if (row.createdAt >= before) break;
        through = row.id;
      }
      if (through === from) return 0;
      const gone = await tx
        .delete(events)
        .where(and(gt(events.id, from), lte(events.id, through)))
        .returning({ id: events.id });
      await tx
        .insert(eventLogHorizon)
        .values({ id: 1, prunedThrough: through, prunedAt: new Date() })
        .onConflictDoUpdate({ target: eventLogHorizon.id, set: { prunedThrough: through, prunedAt: new Date() } });
      return gone.length;
    });
    const deleted = round.ran ? round.value : 0;
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}

/**
 * Prunes now and then every hour, keeping `retentionDays` of events. Every instance keeps this
 * timer; the claim makes the one that comes first do the work. Returns the stop function.
 */
export function schedulePruning(db: Database, retentionDays: number): () => void {
  const run = () => {
    const before = new Date(Date.now() - retentionDays * 24 * HOUR_MS);
    pruneEventLog(db, before)
      .then((n) => n > 0 && log.info(`Pruned ${n} events older than ${retentionDays} days`))
      .catch((error) => log.warn("Could not prune the event log", error));
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}


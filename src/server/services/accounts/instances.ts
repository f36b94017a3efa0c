// The live instances, as the database knows them: each one registers at start, writes a
// heartbeat every few seconds and removes itself when it stops. One that falls silent (killed,
// frozen, cut off from the database) is removed by whichever instance notices first, with the
// sockets it held: their users go offline unless they are connected elsewhere. The database
// clock decides who is silent, so instances' clocks need not agree.
import { eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { instances, instanceSockets } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import { env } from "@/env";
import type { ServiceDeps } from "@/server/services/deps";
import { settleOffline } from "./presence";

export type PresenceTimings = {
  /** How often an instance writes its heartbeat (and looks for silent ones). */
  heartbeatMs: number;
  /** How long an instance may stay silent before it counts as gone. */
  silentMs: number;
};

/** From INSTANCE_SILENT_SECONDS (default 30 s); an instance beats three times in that span. */
export function presenceTimings(): PresenceTimings {
  const silentMs = env().INSTANCE_SILENT_SECONDS * 1000;
  return { heartbeatMs: Math.round(silentMs / 3), silentMs };
}

const silentSince = (ms: number) => sql`now() - ${ms}::int * interval '1 millisecond'`;

/** Adds the instance (or renews its heartbeat if it is there). */
export async function registerInstance(db: Database, instanceId: string): Promise<void> {
  await db
    .insert(instances)
    .values({ id: instanceId, heartbeatAt: sql`now()` })
    .onConflictDoUpdate({ target: instances.id, set: { heartbeatAt: sql`now()` } });
}

/**
 * Renews the heartbeat. False when the instance is no longer registered: it had been removed as
 * silent (it froze for a while), and must register and record its sockets again.
 */
export async function heartbeat(db: Database, instanceId: string): Promise<boolean> {
  const renewed = await db.update(instances).set({ heartbeatAt: sql`now()` }).where(eq(instances.id, instanceId)).returning({ id: instances.id });
  return renewed.length > 0;
}

/**
 * Removes the instances silent for longer than `silentMs` and takes their users offline
 * (unless connected elsewhere); returns those users. Each silent instance is claimed by one
 * sweeper (the others skip its locked row), and the whole removal is one transaction: a sweeper
 * that dies halfway leaves it for the next.
 */
export async function sweepSilentInstances(deps: ServiceDeps, silentMs: number): Promise<string[]> {
  return commitWithEvents(deps, async (tx, emit) => {
    const silent = await tx
      .select({ id: instances.id })
      .from(instances)
      .where(lt(instances.heartbeatAt, silentSince(silentMs)))
      .for("update", { skipLocked: true });
    return removeInstances(
      tx,
      emit,
      silent.map((s) => s.id),
    );
  });
}

/** An instance that stops removes itself: its users go offline unless connected elsewhere. */
export async function retireInstance(deps: ServiceDeps, instanceId: string): Promise<string[]> {
  return commitWithEvents(deps, async (tx, emit) => {
    // Its row first, as a sweep claims it (never the other way round, which could deadlock): a
    // sweep skips it meanwhile, and if a sweep claimed it first, this waits and finds nothing left.
    await tx.select({ id: instances.id }).from(instances).where(eq(instances.id, instanceId)).for("update");
    return removeInstances(tx, emit, [instanceId]);
  });
}

async function removeInstances(tx: Executor, emit: Emit, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const held = await tx.delete(instanceSockets).where(inArray(instanceSockets.instanceId, ids)).returning({ userId: instanceSockets.userId });
  await tx.delete(instances).where(inArray(instances.id, ids));
  return settleOffline(
    tx,
    emit,
    held.map((h) => h.userId),
  );
}

/** The live connections of every instance that is not silent (as each last recorded them). */
export async function liveConnectionCount(db: Executor, silentMs = presenceTimings().silentMs): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${instanceSockets.count}), 0)::int` })
    .from(instanceSockets)
    .innerJoin(instances, eq(instances.id, instanceSockets.instanceId))
    .where(gte(instances.heartbeatAt, silentSince(silentMs)));
  return Number(row?.total ?? 0);
}

// Presence: a user is online while at least one live connection of theirs is open, on any
// instance. Each instance records in instance_sockets how many sockets it holds per user; the
// WebSocket server syncs a user's row after every connect and disconnect (instance-presence.ts),
// users.online is the record everyone reads, and `presence` events go to the people who share
// a chat. An instance that goes silent is removed by another (instances.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { rowsOf } from "@/server/db/rows";
import { instances, instanceSockets, users } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import { iso } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

/**
 * Records that `instanceId` holds `socketsHere()` sockets of the user, and brings their stored
 * presence in line with every instance's rows, all under the user's row lock. Every instance
 * writes its row only under that lock and reads the others' under it, so syncs racing for one
 * user (a quick reconnect, here or on another instance) queue on the lock, and the last one
 * sees every instance's final count: the record can never be left saying the opposite of the
 * truth. The count is read after the lock is granted, and the rows in a statement of their
 * own (a new snapshot), for the same reason. Resolves with the count recorded.
 */
export async function syncPresence(deps: ServiceDeps, instanceId: string, userId: string, socketsHere: () => number): Promise<number> {
  return commitWithEvents(deps, async (tx, emit) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!row) return 0;
    const count = socketsHere();
    const now = new Date();
    // One statement for the row and the presence: a reconnect storm costs what it did before
    // rows were kept (a locked read and one write per connect).
    const changed = rowsOf<{ online: boolean }>(
      await tx.execute(sql`
        WITH kept AS (
          INSERT INTO ${instanceSockets} (user_id, instance_id, count)
          SELECT ${userId}, ${instanceId}, ${count}::int WHERE ${count}::int > 0
          ON CONFLICT (user_id, instance_id) DO UPDATE SET count = excluded.count
        ), dropped AS (
          DELETE FROM ${instanceSockets}
          WHERE ${count}::int = 0 AND user_id = ${userId} AND instance_id = ${instanceId}
        ), now_online AS (
          SELECT ${count}::int > 0 OR EXISTS (
            SELECT 1 FROM ${instanceSockets} WHERE user_id = ${userId} AND instance_id <> ${instanceId}
          ) AS online
        )
        UPDATE ${users} SET online = now_online.online, last_seen_at = ${now.toISOString()}::timestamptz
        FROM now_online
        WHERE ${users.id} = ${userId} AND ${users.online} <> now_online.online
        RETURNING now_online.online`),
    );
    if (changed[0]) emit({ type: "presence", data: { userId, online: changed[0].online, lastSeenAt: iso(now) } }, { contactsOf: userId });
    return count;
  });
}

/** Whether an instance other than `instanceId` holds a socket of the user (as last recorded). */
export async function connectedElsewhere(db: Executor, instanceId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: instanceSockets.userId })
    .from(instanceSockets)
    .where(and(eq(instanceSockets.userId, userId), sql`${instanceSockets.instanceId} <> ${instanceId}`))
    .limit(1);
  return row !== undefined;
}

/** Ids per statement: far under PostgreSQL's limit of parameters. */
const CHUNK = 1000;

/**
 * Takes these users offline unless a socket of theirs is still recorded (the caller removed
 * rows). Locked first, in id order (sweeps never deadlock each other), then read in a statement
 * of its own, so a sync that committed while this waited for a lock is seen. Returns who went
 * offline.
 */
export async function settleOffline(tx: Executor, emit: Emit, userIds: readonly string[]): Promise<string[]> {
  const sorted = [...new Set(userIds)].sort();
  const now = new Date();
  const offline: string[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    await tx.select({ id: users.id }).from(users).where(inArray(users.id, chunk)).orderBy(users.id).for("update");
    const gone = await tx
      .update(users)
      .set({ online: false, lastSeenAt: now })
      .where(
        and(
          inArray(users.id, chunk),
          eq(users.online, true),
          sql`NOT EXISTS (SELECT 1 FROM ${instanceSockets} WHERE ${instanceSockets.userId} = ${users.id})`,
        ),
      )
      .returning({ id: users.id });
    offline.push(...gone.map((g) => g.id));
  }
  for (const userId of offline) emit({ type: "presence", data: { userId, online: false, lastSeenAt: iso(now) } }, { contactsOf: userId });
  return offline;
}

/**
 * At start nobody is connected to this instance. Alone (PGlite: one process per database),
 * every instance recorded before is gone, and whoever a crash left online goes offline. Among
 * several, the others' users stay online; only someone marked online with no socket recorded
 * anywhere (a version that kept no rows) goes offline. Instances a crash left behind are
 * removed once they have been silent long enough (instances.ts).
 */
export async function resetPresence(db: Database, options: { alone: boolean }): Promise<void> {
  if (options.alone) await db.delete(instances);
  // No events: this runs before the instance has a bus, and whoever it finds was wrongly shown
  // online already (their contacts' clients read the truth when they next fetch them).
  const unheard: Emit = () => {};
  await db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.online, true), sql`NOT EXISTS (SELECT 1 FROM ${instanceSockets} WHERE ${instanceSockets.userId} = ${users.id})`));
    await settleOffline(
      tx,
      unheard,
      stale.map((s) => s.id),
    );
  });
}

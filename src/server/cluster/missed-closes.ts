// The closes an instance may have missed while its link to the others was down: pub/sub keeps
// nothing, but every reason to close a socket is in the database. Bans and signed-out
// sessions are read from the accounts; role changes and admin disconnects from the audit log,
// for the users whose sockets here are older than them.
import { and, gt, inArray, isNotNull } from "drizzle-orm";
import { CloseCode, type ConnectionRegistry } from "@/server/connections";
import type { Database } from "@/server/db";
import { adminAuditLog, sessions, users } from "@/server/db/schema";
import { bannedCloseReason } from "@/server/services/accounts/users";

/** Ids per query, well under the parameter limit. */
const BATCH = 500;
/**
 * The instance's clock and the database's may differ a little: an audit entry this close to a
 * socket's connection counts as later (a needless reconnect costs little; a missed one keeps
 * a former admin's rights on the socket).
 */
const CLOCK_SLACK_MS = 10_000;

const REASONS = { set_role: "Your role changed; reconnect", disconnect: "Disconnected by an admin" } as const;

/** Closes this instance's sockets that a close from another instance should have closed. */
export async function closeWhatWasMissed(registry: ConnectionRegistry, db: Database): Promise<void> {
  const { users: connectedSince, sessionIds } = registry.connected();
  const userIds = [...connectedSince.keys()];
  if (userIds.length === 0) return;

  for (const ids of batches(userIds)) {
    const banned = await db
      .select({ id: users.id, banReason: users.banReason })
      .from(users)
      .where(and(inArray(users.id, ids), isNotNull(users.bannedAt)));
    for (const row of banned) registry.closeHere({ kind: "user", id: row.id, code: CloseCode.banned, reason: bannedCloseReason(row.banReason) });
  }

  for (const ids of batches(sessionIds)) {
    const revoked = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(inArray(sessions.id, ids), isNotNull(sessions.revokedAt)));
    for (const row of revoked) registry.closeHere({ kind: "session", id: row.id, code: CloseCode.sessionRevoked, reason: "Signed out" });
  }

  let oldest = Infinity;
  for (const at of connectedSince.values()) oldest = Math.min(oldest, at);
  for (const ids of batches(userIds)) {
    const entries = await db
      .select({ userId: adminAuditLog.targetUserId, action: adminAuditLog.action, at: adminAuditLog.createdAt })
      .from(adminAuditLog)
      .where(
        and(
          inArray(adminAuditLog.targetUserId, ids),
          inArray(adminAuditLog.action, ["set_role", "disconnect"]),
          gt(adminAuditLog.createdAt, new Date(oldest - CLOCK_SLACK_MS)),
        ),
      )
      .orderBy(adminAuditLog.id);
    // The latest entry per user decides the reason.
    const missed = new Map<string, string>();
    for (const entry of entries) {
      const since = entry.userId === null ? undefined : connectedSince.get(entry.userId);
      if (since === undefined || entry.at.getTime() + CLOCK_SLACK_MS <= since) continue;
      missed.set(entry.userId!, REASONS[entry.action as keyof typeof REASONS]);
    }
    for (const [userId, reason] of missed) registry.closeHere({ kind: "user", id: userId, code: CloseCode.disconnectedByAdmin, reason });
  }
}

function* batches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

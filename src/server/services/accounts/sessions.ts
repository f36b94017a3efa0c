// The devices signed in to an account: each session (a browser's sign-in or an API token) with
// when it was last used, and signing one or all the others out. A signed-out session's token
// stops working on the next request, and its open sockets close at once.
import { and, desc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import { deviceLabel } from "@/lib/device-label";
import { SESSION_MAX_AGE_SECONDS } from "@/server/auth/token";
import { CloseCode, type ConnectionRegistry } from "@/server/connections";
import type { Database } from "@/server/db";
import { sessions } from "@/server/db/schema";
import { notFound } from "@/server/services/errors";
import { removeSessionSubscriptions } from "@/server/services/push/subscriptions";
import type { ServiceDeps } from "@/server/services/deps";

export type SessionKind = "browser" | "api";
/** Who starts a session: the way they signed in and the User-Agent they sent. */
export type SessionClient = { kind: SessionKind; userAgent?: string | null };

/** Enough for every real browser's User-Agent; a longer one is cut, not refused. */
export const USER_AGENT_MAX_LENGTH = 300;

export function sessionValues(userId: string, client: SessionClient): typeof sessions.$inferInsert {
  const userAgent = client.userAgent?.trim().slice(0, USER_AGENT_MAX_LENGTH) || null;
  // Signing in is its first use.
  const now = new Date();
  return { userId, kind: client.kind, userAgent, createdAt: now, lastUsedAt: now };
}

type Me = { id: string; sessionId: string };
export type DeviceSession = {
  id: string;
  kind: SessionKind;
  /** "Chrome on Linux", "curl", "API client". */
  label: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** The session this request came from. */
  current: boolean;
};

/**
 * My live sessions, this one first, then the most recently used. A session unused for longer
 * than a token lives cannot be used again, so it is left out.
 */
export async function listSessions(db: Database, me: Me, now = new Date()): Promise<DeviceSession[]> {
  const lastUsed = sql<Date>`coalesce(${sessions.lastUsedAt}, ${sessions.createdAt})`;
  // Compared through the columns, so the driver encodes the Date as a timestamp.
  const cutoff = new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000);
  const rows = await db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, me.id),
        isNull(sessions.revokedAt),
        or(
          eq(sessions.id, me.sessionId),
          gt(sessions.lastUsedAt, cutoff),
          and(isNull(sessions.lastUsedAt), gt(sessions.createdAt, cutoff)),
        ),
      ),
    )
    .orderBy(desc(lastUsed), desc(sessions.createdAt));
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    label: deviceLabel(row.kind, row.userAgent),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt ?? row.createdAt,
    current: row.id === me.sessionId,
  }));
  return [...items.filter((s) => s.current), ...items.filter((s) => !s.current)];
}

/**
 * Signs one of my sessions out; someone else's does not exist for me. Signing out the current
 * one is signing out here.
 */
export async function revokeOwnSession(deps: ServiceDeps<"db" | "connections">, me: Me, sessionId: string): Promise<{ current: boolean }> {
  const [row] = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, me.id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  if (!row) throw notFound("Session");
  await removeSessionSubscriptions(deps.db, [sessionId]);
  const current = sessionId === me.sessionId;
  closeRevokedSockets(deps.connections, [sessionId], current ? "Signed out" : "Signed out from another device");
  return { current };
}

/** Signs out every session of mine but this one; returns how many were signed out. */
export async function revokeOtherSessions(deps: ServiceDeps<"db" | "connections">, me: Me): Promise<{ count: number }> {
  const rows = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, me.id), ne(sessions.id, me.sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await removeSessionSubscriptions(
    deps.db,
    rows.map((row) => row.id),
  );
  closeRevokedSockets(
    deps.connections,
    rows.map((row) => row.id),
    "Signed out from another device",
  );
  return { count: rows.length };
}

/** A revoked session's sockets close with 4006: its client stops reconnecting and signs in again. */
function closeRevokedSockets(connections: ConnectionRegistry, sessionIds: string[], reason: string): void {
  for (const sessionId of sessionIds) connections.closeSession(sessionId, CloseCode.sessionRevoked, reason);
}

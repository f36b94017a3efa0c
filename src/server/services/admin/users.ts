// Admins over accounts: list and search, ban and unban, roles, disconnect. A ban takes effect
// at once on every transport: the account's sessions are revoked (old tokens and cookies stop
// working over HTTP and WebSocket, and stay dead after an unban) and its open sockets close
// with 4005.
import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { sessions, users } from "@/server/db/schema";
import { CloseCode, type ConnectionRegistry } from "@/server/connections";
import type { adminUsersInput, banInput, setRoleInput, unbanInput } from "@/lib/admin-validators";
import { recordAudit } from "@/server/services/admin/audit";
import { containsPattern, decodeKeyset, newestFirst, olderThan, pageOf } from "@/server/services/keyset";
import { conflict, forbidden, notFound } from "@/server/services/errors";
import { addAdminToOpenSupportChats, removeAdminFromSupportChats } from "@/server/services/chats/support";
import { bannedCloseReason, type SessionUser } from "@/server/services/accounts/users";
import { iso, isoOrNull } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

type Actor = Pick<SessionUser, "id">;

export type AdminUserView = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  role: "user" | "admin";
  online: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  bannedAt: string | null;
  banReason: string | null;
};

export function toAdminUserView(row: typeof users.$inferSelect): AdminUserView {
  return {
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    online: row.online,
    lastSeenAt: isoOrNull(row.lastSeenAt),
    createdAt: iso(row.createdAt),
    bannedAt: isoOrNull(row.bannedAt),
    banReason: row.banReason,
  };
}

/** Newest accounts first; `q` matches username, first or last name (case-insensitive substring). */
export async function listUsers(db: Database, input: z.infer<typeof adminUsersInput>) {
  const filters: (SQL | undefined)[] = [olderThan(users.createdAt, users.id, decodeKeyset(input.cursor))];
  if (input.q) {
    const haystack = sql`lower(${users.username} || ' ' || ${users.firstName} || ' ' || ${users.lastName})`;
    filters.push(sql`${haystack} LIKE ${containsPattern(input.q)}`);
  }
  if (input.role) filters.push(eq(users.role, input.role));
  if (input.banned !== undefined) filters.push(input.banned ? isNotNull(users.bannedAt) : isNull(users.bannedAt));
  const rows = await db
    .select()
    .from(users)
    .where(and(...filters))
    .orderBy(...newestFirst(users.createdAt, users.id))
    .limit(input.limit + 1);
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => ({ at: row.createdAt, id: row.id }));
  return { items: page.map(toAdminUserView), nextCursor };
}

/**
 * Bans inside the caller's transaction (a report's resolution bans this way too) and returns
 * whether the account was not banned already. The caller closes the sockets after the commit.
 */
export async function banInTransaction(tx: Executor, actor: Actor, userId: string, reason: string, details?: Record<string, string>) {
  if (userId === actor.id) throw forbidden("You cannot ban yourself");
  const [row] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!row) throw notFound("User");
  if (row.bannedAt) return false;
  const now = new Date();
  await tx.update(users).set({ bannedAt: now, banReason: reason, updatedAt: now }).where(eq(users.id, userId));
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  await recordAudit(tx, { actorId: actor.id, action: "ban", targetUserId: userId, reason, details });
  return true;
}

/** Closes a banned person's open sockets with 4005 and why. */
export function closeBannedSockets(connections: ConnectionRegistry, userId: string, reason: string): number {
  return connections.closeUser(userId, CloseCode.banned, bannedCloseReason(reason));
}

export async function banUser(deps: ServiceDeps<"db" | "connections">, actor: Actor, input: z.infer<typeof banInput>): Promise<AdminUserView> {
  const banned = await deps.db.transaction((tx) => banInTransaction(tx, actor, input.userId, input.reason));
  if (!banned) throw conflict("This account is already banned");
  closeBannedSockets(deps.connections, input.userId, input.reason);
  return userView(deps.db, input.userId);
}

/** Lifts a ban. The sessions the ban revoked stay revoked: the person signs in again. */
export async function unbanUser(deps: ServiceDeps<"db" | "connections">, actor: Actor, input: z.infer<typeof unbanInput>): Promise<AdminUserView> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update");
    if (!row) throw notFound("User");
    if (!row.bannedAt) throw conflict("This account is not banned");
    await tx.update(users).set({ bannedAt: null, banReason: null, updatedAt: new Date() }).where(eq(users.id, row.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "unban",
      targetUserId: row.id,
      reason: input.reason ?? null,
      details: { banReason: row.banReason },
    });
  });
  return userView(deps.db, input.userId);
}

/**
 * Makes someone an admin or a regular user: they join or leave the open support chats. Their
 * open sockets close with 4004 so that they reconnect under the new role (a WebSocket keeps
 * the role it authenticated with) and see their new chat list.
 */
export async function setRole(deps: ServiceDeps<"db" | "connections">, actor: Actor, input: z.infer<typeof setRoleInput>): Promise<AdminUserView> {
  if (input.userId === actor.id) throw forbidden("You cannot change your own role; ask another admin");
  const changed = await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update");
    if (!row) throw notFound("User");
    if (row.role === input.role) return false;
    await tx.update(users).set({ role: input.role, updatedAt: new Date() }).where(eq(users.id, row.id));
    // Admins are members of every open support chat; a former admin's requests stay theirs.
    if (input.role === "admin") await addAdminToOpenSupportChats(tx, row.id);
    else await removeAdminFromSupportChats(tx, row.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "set_role",
      targetUserId: row.id,
      details: { from: row.role, to: input.role },
    });
    return true;
  });
  if (changed) deps.connections.closeUser(input.userId, CloseCode.disconnectedByAdmin, "Your role changed; reconnect");
  return userView(deps.db, input.userId);
}

/**
 * Closes someone's open sockets with 4004, on every instance; they may reconnect (a ban is what
 * keeps them out). `closed` counts the sockets of every instance that answered within a moment.
 */
export async function disconnectUser(deps: ServiceDeps<"db" | "connections">, actor: Actor, userId: string): Promise<{ closed: number }> {
  if (userId === actor.id) throw forbidden("You cannot disconnect yourself");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!row) throw notFound("User");
    await recordAudit(tx, { actorId: actor.id, action: "disconnect", targetUserId: userId });
  });
  return { closed: await deps.connections.closeUserAndCount(userId, CloseCode.disconnectedByAdmin, "Disconnected by an admin") };
}

async function userView(db: Database, userId: string): Promise<AdminUserView> {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) throw notFound("User");
  return toAdminUserView(row);
}

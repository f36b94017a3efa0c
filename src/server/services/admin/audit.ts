// The admin audit log: every admin action, who took it, when and why. Rows are appended in
// the transaction of the action they record (so neither exists without the other) and are
// never updated or deleted.
import { desc, inArray, lt } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { adminAuditLog, users } from "@/server/db/schema";
import type { pageInput } from "@/lib/admin-validators";
import { badRequest } from "@/server/services/errors";
import { iso } from "@/server/services/dto";

export type AuditAction = (typeof adminAuditLog.$inferInsert)["action"];
export type AuditEntry = {
  actorId: string;
  action: AuditAction;
  targetUserId?: string | null;
  targetMessageId?: string | null;
  targetReportId?: string | null;
  reason?: string | null;
  details?: Record<string, string | number | boolean | null>;
};

export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(adminAuditLog).values(entry);
}

type Person = { id: string; username: string; firstName: string; lastName: string };

export type AuditView = {
  id: string;
  at: string;
  action: AuditAction;
  actor: Person | null;
  targetUser: Person | null;
  targetMessageId: string | null;
  targetReportId: string | null;
  reason: string | null;
  details: Record<string, string | number | boolean | null> | null;
};

/** Newest first; the cursor is the last row's id (ids grow with time). */
export async function auditLog(
  db: Database,
  input: z.infer<typeof pageInput>,
): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  const before = input.cursor ? parseId(input.cursor) : null;
  const rows = await db
    .select()
    .from(adminAuditLog)
    .where(before === null ? undefined : lt(adminAuditLog.id, before))
    .orderBy(desc(adminAuditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const people = await peopleById(db, page.flatMap((r) => [r.actorId, r.targetUserId ?? []].flat()));
  return {
    items: page.map((row) => ({
      id: String(row.id),
      at: iso(row.createdAt),
      action: row.action,
      actor: people.get(row.actorId) ?? null,
      targetUser: row.targetUserId ? (people.get(row.targetUserId) ?? null) : null,
      targetMessageId: row.targetMessageId,
      targetReportId: row.targetReportId,
      reason: row.reason,
      details: row.details,
    })),
    nextCursor: rows.length > input.limit ? String(page.at(-1)!.id) : null,
  };
}

/** Names for a page of rows, in one query. */
export async function peopleById(db: Executor, ids: string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, username: users.username, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

function parseId(cursor: string): number {
  const value = Number(cursor);
  if (!Number.isSafeInteger(value) || value < 1) throw badRequest("That cursor is not one this list gave out; start again without it");
  return value;
}

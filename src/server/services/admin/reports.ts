// The moderators' queue: reported messages, one item per message (every reporter and reason
// together), with a few messages around it for context. Resolving dismisses, deletes the
// message or bans its author, answers every open report of that message, and is written to
// the audit log in the same transaction.
import { and, asc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { messageReports, messages } from "@/server/db/schema";
import { messageRow } from "@/server/db/message-row";
import { commitWithEvents } from "@/server/events/log";
import type { reportsInput, resolveReportInput } from "@/lib/admin-validators";
import { peopleById, recordAudit } from "@/server/services/admin/audit";
import { decodeKeyset, encodeKeyset, type Keyset } from "@/server/services/keyset";
import { type AdminMessageView, deleteInTransaction, messageViews } from "@/server/services/admin/messages";
import { banInTransaction, closeBannedSockets } from "@/server/services/admin/users";
import { badRequest, conflict, notFound } from "@/server/services/errors";
import type { SessionUser } from "@/server/services/accounts/users";
import { iso, isoOrNull } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

/** Messages shown on each side of a reported one. */
const CONTEXT_EACH_SIDE = 3;

type Person = { id: string; username: string; firstName: string; lastName: string };
type Resolution = "dismiss" | "delete" | "ban";

export type ReportItem = {
  /** The first report of the message: what `resolveReport` takes. */
  reportId: string;
  message: AdminMessageView;
  /** The text when it was first reported (the evidence, even after an edit or a delete). */
  reportedContent: string | null;
  /** The message and its neighbours in the chat, oldest first. */
  context: AdminMessageView[];
  reports: { id: string; reporter: Person | null; reason: string; createdAt: string }[];
  resolution: { action: Resolution; note: string | null; by: Person | null; at: string } | null;
};

type Group = { messageId: string; at: Date };

/**
 * Open: oldest first (a queue); resolved: most recently resolved first. The cursor is the
 * last item's (time, message id).
 */
export async function listReports(db: Database, input: z.infer<typeof reportsInput>) {
  const open = input.status === "open";
  const after = decodeKeyset(input.cursor);
  const groups = open ? await openGroups(db, after, input.limit + 1) : await resolvedGroups(db, after, input.limit + 1);
  const page = groups.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: await reportItems(db, page, open),
    nextCursor: groups.length > input.limit && last ? encodeKeyset(last.at, last.messageId) : null,
  };
}

async function openGroups(db: Database, after: Keyset | null, take: number): Promise<Group[]> {
  const first = sql<Date>`min(${messageReports.createdAt})`;
  const rows = await db
    .select({ messageId: messageReports.messageId, at: first.mapWith(messageReports.createdAt) })
    .from(messageReports)
    .where(eq(messageReports.status, "open"))
    .groupBy(messageReports.messageId)
    .having(after ? sql`(${first}, ${messageReports.messageId}) > (${after.at.toISOString()}::timestamptz, ${after.id})` : undefined)
    .orderBy(asc(first), asc(messageReports.messageId))
    .limit(take);
  return rows;
}

async function resolvedGroups(db: Database, after: Keyset | null, take: number): Promise<Group[]> {
  const latest = sql<Date>`max(${messageReports.resolvedAt})`;
  const rows = await db
    .select({ messageId: messageReports.messageId, at: latest.mapWith(messageReports.resolvedAt) })
    .from(messageReports)
    .where(ne(messageReports.status, "open"))
    .groupBy(messageReports.messageId)
    .having(after ? sql`(${latest}, ${messageReports.messageId}) < (${after.at.toISOString()}::timestamptz, ${after.id})` : undefined)
    .orderBy(sql`${latest} DESC`, sql`${messageReports.messageId} DESC`)
    .limit(take);
  return rows as Group[];
}

async function reportItems(db: Database, groups: Group[], open: boolean): Promise<ReportItem[]> {
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.messageId);
  const reports = await db
    .select()
    .from(messageReports)
    .where(and(inArray(messageReports.messageId, ids), open ? eq(messageReports.status, "open") : ne(messageReports.status, "open")))
    .orderBy(asc(messageReports.createdAt), asc(messageReports.id));
  const rows = await db.select(messageRow).from(messages).where(inArray(messages.id, ids));
  const neighbours = await db
    .select(messageRow)
    .from(messages)
    .where(
      or(
        ...rows.map((row) =>
          and(
            eq(messages.chatId, row.chatId),
            sql`${messages.seq} BETWEEN ${row.seq - CONTEXT_EACH_SIDE} AND ${row.seq + CONTEXT_EACH_SIDE}`,
          ),
        ),
      ),
    )
    .orderBy(asc(messages.chatId), asc(messages.seq));
  const views = new Map((await messageViews(db, neighbours)).map((view) => [view.id, view]));
  const people = await peopleById(db, reports.flatMap((r) => [r.reporterId, ...(r.resolvedBy ? [r.resolvedBy] : [])]));

  return groups.flatMap((group): ReportItem[] => {
    const message = views.get(group.messageId);
    const own = reports.filter((r) => r.messageId === group.messageId);
    const first = own[0];
    if (!message || !first) return [];
    const resolved = own.find((r) => r.resolution);
    return [
      {
        reportId: first.id,
        message,
        reportedContent: first.messageContent,
        context: neighbours
          .filter((n) => n.chatId === message.chat.id && Math.abs(n.seq - message.seq) <= CONTEXT_EACH_SIDE)
          .map((n) => views.get(n.id)!),
        reports: own.map((r) => ({
          id: r.id,
          reporter: people.get(r.reporterId) ?? null,
          reason: r.reason,
          createdAt: iso(r.createdAt),
        })),
        resolution:
          resolved?.resolution && resolved.resolvedAt
            ? {
                action: resolved.resolution,
                note: resolved.resolutionNote,
                by: resolved.resolvedBy ? (people.get(resolved.resolvedBy) ?? null) : null,
                at: isoOrNull(resolved.resolvedAt)!,
              }
            : null,
      },
    ];
  });
}

export async function resolveReport(
  deps: ServiceDeps<"db" | "bus" | "connections">,
  actor: Pick<SessionUser, "id">,
  input: z.infer<typeof resolveReportInput>,
): Promise<{ reportId: string; messageId: string; action: Resolution; resolvedReports: number }> {
  const note = input.note || null;
  const outcome = await commitWithEvents(deps, async (tx, emit) => {
    const [report] = await tx.select().from(messageReports).where(eq(messageReports.id, input.reportId)).for("update");
    if (!report) throw notFound("Report");
    if (report.status !== "open") throw conflict("This report was already resolved");
    const [message] = await tx.select(messageRow).from(messages).where(eq(messages.id, report.messageId));
    if (!message) throw notFound("Message");
    // The reason the author is told, and the audit log keeps.
    const why = note ?? `Reported: ${report.reason}`;
    let bannedUserId: string | null = null;
    if (input.action === "delete") {
      await deleteInTransaction(tx, emit, actor, { messageId: message.id, reason: why, reportId: report.id });
    } else if (input.action === "ban") {
      if (!message.senderId) throw badRequest("This message's author no longer exists; dismiss the report or delete the message");
      const banned = await banInTransaction(tx, actor, message.senderId, why, { reportId: report.id });
      if (banned) bannedUserId = message.senderId;
    }
    const resolvedReports = await closeOpenReports(tx, actor.id, message.id, input.action, note);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "resolve_report",
      targetUserId: message.senderId,
      targetMessageId: message.id,
      targetReportId: report.id,
      reason: note,
      details: { resolution: input.action, reports: resolvedReports },
    });
    return { messageId: message.id, resolvedReports, bannedUserId, why };
  });
  if (outcome.bannedUserId) closeBannedSockets(deps.connections, outcome.bannedUserId, outcome.why);
  return { reportId: input.reportId, messageId: outcome.messageId, action: input.action, resolvedReports: outcome.resolvedReports };
}

async function closeOpenReports(tx: Executor, actorId: string, messageId: string, action: Resolution, note: string | null) {
  const where: SQL = and(eq(messageReports.messageId, messageId), eq(messageReports.status, "open"))!;
  const closed = await tx
    .update(messageReports)
    .set({
      status: action === "dismiss" ? "dismissed" : "resolved",
      resolution: action,
      resolutionNote: note,
      resolvedAt: new Date(),
      resolvedBy: actorId,
    })
    .where(where)
    .returning({ id: messageReports.id });
  return closed.length;
}

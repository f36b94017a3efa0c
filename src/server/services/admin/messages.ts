// Admins over messages and reactions: every chat's messages, filtered and page by page, and
// deletion for everyone (the same tombstone and `message:deleted` as an author's delete).
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { chats, messageReports, messages, reactions, users } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { adminDeleteMessageInput, adminMessagesInput, pageInput } from "@/lib/admin-validators";
import { peopleById, recordAudit } from "@/server/services/admin/audit";
import { containsPattern, decodeKeyset, newestFirst, olderThan, pageOf } from "@/server/services/keyset";
import { conflict, notFound } from "@/server/services/errors";
import { type DeleteResult, tombstoneMessage } from "@/server/services/messages/actions";
import type { SessionUser } from "@/server/services/accounts/users";
import { iso, isoOrNull } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

type Person = { id: string; username: string; firstName: string; lastName: string };
export type AdminChatRef = { id: string; type: "direct" | "group" | "support" | "context"; title: string };

export type AdminMessageView = {
  id: string;
  seq: number;
  chat: AdminChatRef;
  sender: Person | null;
  kind: MessageRow["kind"];
  content: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

/** Newest first across every chat; `q` matches the text (case-insensitive substring). */
export async function listMessages(db: Database, input: z.infer<typeof adminMessagesInput>) {
  const filters: (SQL | undefined)[] = [olderThan(messages.createdAt, messages.id, decodeKeyset(input.cursor))];
  if (input.chatId) filters.push(eq(messages.chatId, input.chatId));
  if (input.userId) filters.push(eq(messages.senderId, input.userId));
  if (input.q) filters.push(sql`lower(${messages.content}) LIKE ${containsPattern(input.q)}`);
  const rows = await db
    .select(messageRow)
    .from(messages)
    .where(and(...filters))
    .orderBy(...newestFirst(messages.createdAt, messages.id))
    .limit(input.limit + 1);
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => ({ at: row.createdAt, id: row.id }));
  return { items: await messageViews(db, page), nextCursor };
}

/** Rows as the dashboard shows them: with their chat and sender, in the order given. */
export async function messageViews(db: Executor, rows: MessageRow[]): Promise<AdminMessageView[]> {
  const [chatsById, people] = await Promise.all([
    chatRefs(db, rows.map((r) => r.chatId)),
    peopleById(db, rows.flatMap((r) => (r.senderId ? [r.senderId] : []))),
  ]);
  return rows.map((row) => ({
    id: row.id,
    seq: row.seq,
    chat: chatsById.get(row.chatId) ?? { id: row.chatId, type: "group", title: "Deleted chat" },
    sender: row.senderId ? (people.get(row.senderId) ?? null) : null,
    kind: row.kind,
    content: row.content,
    createdAt: iso(row.createdAt),
    editedAt: isoOrNull(row.editedAt),
    deletedAt: isoOrNull(row.deletedAt),
  }));
}

/** A chat's title; a direct chat's is its members' usernames ("ann & ben"). */
export async function chatRefs(db: Executor, chatIds: string[]): Promise<Map<string, AdminChatRef>> {
  const unique = [...new Set(chatIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({
      id: chats.id,
      type: chats.type,
      title: sql<string>`coalesce(${chats.title}, (
        SELECT string_agg(u.username, ' & ' ORDER BY u.username)
        FROM chat_members m JOIN users u ON u.id = m.user_id
        WHERE m.chat_id = "chats"."id"
      ), 'Chat')`,
    })
    .from(chats)
    .where(inArray(chats.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Deletes a message for everyone, wherever it is, and closes its open reports: the deletion
 * is their answer. Within the caller's transaction, so a report's resolution shares it.
 */
export async function deleteInTransaction(
  tx: Executor,
  emit: Emit,
  actor: Pick<SessionUser, "id">,
  input: { messageId: string; reason: string; reportId?: string },
): Promise<{ row: MessageRow; result: DeleteResult | null }> {
  const [row] = await tx.select(messageRow).from(messages).where(eq(messages.id, input.messageId)).for("update");
  if (!row) throw notFound("Message");
  const result = row.deletedAt ? null : await tombstoneMessage(tx, emit, row);
  if (result) {
    await recordAudit(tx, {
      actorId: actor.id,
      action: "delete_message",
      targetUserId: row.senderId,
      targetMessageId: row.id,
      targetReportId: input.reportId ?? null,
      reason: input.reason,
      details: { chatId: row.chatId },
    });
  }
  return { row, result };
}

export async function deleteMessageAsAdmin(
  deps: ServiceDeps,
  actor: Pick<SessionUser, "id">,
  input: z.infer<typeof adminDeleteMessageInput>,
): Promise<DeleteResult> {
  return commitWithEvents(deps, async (tx, emit) => {
    const { row, result } = await deleteInTransaction(tx, emit, actor, input);
    if (!result) throw conflict("This message was already deleted");
    await tx
      .update(messageReports)
      .set({ status: "resolved", resolution: "delete", resolutionNote: input.reason, resolvedAt: new Date(), resolvedBy: actor.id })
      .where(and(eq(messageReports.messageId, row.id), eq(messageReports.status, "open")));
    return result;
  });
}

export type AdminReactionView = {
  id: string;
  emoji: string;
  createdAt: string;
  user: Person;
  message: { id: string; content: string; deletedAt: string | null };
  chat: AdminChatRef;
};

/** Every reaction, newest first. */
export async function listReactions(db: Database, input: z.infer<typeof pageInput>) {
  const rows = await db
    .select({
      reaction: reactions,
      user: { id: users.id, username: users.username, firstName: users.firstName, lastName: users.lastName },
      message: { id: messages.id, chatId: messages.chatId, content: messages.content, deletedAt: messages.deletedAt },
    })
    .from(reactions)
    .innerJoin(users, eq(users.id, reactions.userId))
    .innerJoin(messages, eq(messages.id, reactions.messageId))
    .where(olderThan(reactions.createdAt, reactions.id, decodeKeyset(input.cursor)))
    .orderBy(...newestFirst(reactions.createdAt, reactions.id))
    .limit(input.limit + 1);
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => ({ at: row.reaction.createdAt, id: row.reaction.id }));
  const chatsById = await chatRefs(db, page.map((row) => row.message.chatId));
  return {
    items: page.map(
      (row): AdminReactionView => ({
        id: row.reaction.id,
        emoji: row.reaction.emoji,
        createdAt: iso(row.reaction.createdAt),
        user: row.user,
        message: { id: row.message.id, content: row.message.content, deletedAt: isoOrNull(row.message.deletedAt) },
        chat: chatsById.get(row.message.chatId) ?? { id: row.message.chatId, type: "group", title: "Chat" },
      }),
    ),
    nextCursor,
  };
}

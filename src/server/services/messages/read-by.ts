// "Who has this message reached, and who read it when": the per-member view behind a group's
// message info. Read times come from read_marks; a member who wrote in the chat afterwards
// had read it by then (sending moves the sender's read cursor without a mark).
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chatMembers, messages, readMarks, users } from "@/server/db/schema";
import { type PublicUser, toPublicUser } from "@/server/services/dto";
import { requireVisibleMessage } from "@/server/services/chats/access";

export type MessageReceipt = {
  user: PublicUser;
  /** Reached their client (live, in history or in the chat list). */
  delivered: boolean;
  /** When they read it; null while unread. */
  readAt: string | null;
};

/** For every member but me and the author; only members of the chat may ask. */
export async function messageReceipts(db: Database, userId: string, messageId: string): Promise<MessageReceipt[]> {
  const message = await requireVisibleMessage(db, userId, messageId);
  const firstMark = sql<Date | null>`(SELECT min(${readMarks.readAt}) FROM ${readMarks}
    WHERE ${readMarks.chatId} = ${message.chatId} AND ${readMarks.userId} = ${chatMembers.userId}
    AND ${readMarks.upToSeq} >= ${message.seq})`;
  const firstReply = sql<Date | null>`(SELECT min(${messages.createdAt}) FROM ${messages}
    WHERE ${messages.chatId} = ${message.chatId} AND ${messages.senderId} = ${chatMembers.userId}
    AND ${messages.seq} >= ${message.seq})`;
  const rows = await db
    .select({
      user: users,
      lastReadSeq: chatMembers.lastReadSeq,
      lastDeliveredSeq: chatMembers.lastDeliveredSeq,
      readAt: sql<string | null>`to_char(least(${firstMark}, ${firstReply}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(
      and(
        eq(chatMembers.chatId, message.chatId),
        ne(chatMembers.userId, userId),
        sql`${chatMembers.userId} IS DISTINCT FROM ${message.senderId}`,
      ),
    )
    .orderBy(chatMembers.joinedAt, chatMembers.userId);
  return rows.map((r) => ({
    user: toPublicUser(r.user),
    delivered: r.lastDeliveredSeq >= message.seq,
    readAt: r.lastReadSeq >= message.seq ? r.readAt : null,
  }));
}

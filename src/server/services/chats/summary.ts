// Conversations as a member sees them: chat summaries and chat info. Who may see a chat is
// decided in chats/access.ts; the list, archive and stats live in list.ts; groups,
// support and context chats in files of their own.
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { fullName } from "@/lib/format";
import type { Database, Executor } from "@/server/db";
import type { JsonValue } from "@/lib/json-value";
import { chatMembers, chats, messages, users } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { notFound } from "@/server/services/errors";
import { type ChatMemberView, type ChatSummary, iso, type PublicUser, toPublicUser } from "@/server/services/dto";
import { hydrateMessages } from "@/server/services/messages/hydration";

import { type Membership, notHiddenFor } from "@/server/services/chats/access";
import { unique } from "@/server/services/unique";

export async function chatSummary(db: Executor, userId: string, chatId: string): Promise<ChatSummary> {
  const rows = await db
    .select({ chat: chats, membership: chatMembers })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(and(eq(chatMembers.userId, userId), eq(chatMembers.chatId, chatId)));
  if (rows.length === 0) throw notFound("Chat");
  const [summary] = await summarize(db, userId, rows);
  return summary!;
}

/**
 * Fills in peers, member counts, last messages and read state for a page of chats in four
 * queries (two of them chatLabels'), however large the groups are.
 */
export async function summarize(
  db: Executor,
  userId: string,
  rows: { chat: typeof chats.$inferSelect; membership: Membership }[],
): Promise<ChatSummary[]> {
  if (rows.length === 0) return [];
  const chatIds = rows.map((r) => r.chat.id);
  const lastMessageIds = rows.flatMap((r) => (r.chat.lastMessageId ? [r.chat.lastMessageId] : []));
  const others = sql`${chatMembers.userId} <> ${userId}`;
  const [counts, labels, lastMessages] = await Promise.all([
    db
      .select({
        chatId: chatMembers.chatId,
        memberCount: sql<number>`count(*)::int`,
        peerReadSeq: sql<number>`coalesce(max(${chatMembers.lastReadSeq}) filter (where ${others}), 0)::int`,
        peerDeliveredSeq: sql<number>`coalesce(max(${chatMembers.lastDeliveredSeq}) filter (where ${others}), 0)::int`,
      })
      .from(chatMembers)
      .where(inArray(chatMembers.chatId, chatIds))
      .groupBy(chatMembers.chatId),
    chatLabels(db, userId, rows.map((r) => r.chat)),
    lastMessageIds.length
      ? db
          .select(messageRow)
          .from(messages)
          .where(and(inArray(messages.id, lastMessageIds), notHiddenFor(userId)))
          .then((found) => withVisibleFallback(db, userId, rows, found))
          .then((found) => hydrateMessages(db, userId, found))
      : [],
  ]);
  return rows.map(({ chat, membership }) => {
    const count = counts.find((c) => c.chatId === chat.id);
    const { title, peer } = labels.get(chat.id)!;
    const lastMessage = lastMessages.find((m) => m.chatId === chat.id);
    return {
      id: chat.id,
      type: chat.type,
      title,
      peer,
      myRole: membership.role,
      lastMessage: lastMessage ?? null,
      lastActivityAt: iso(chat.lastActivityAt),
      unreadCount: Math.max(0, chat.lastSeq - membership.lastReadSeq),
      peerReadSeq: count?.peerReadSeq ?? 0,
      peerDeliveredSeq: count?.peerDeliveredSeq ?? 0,
      context: chat.contextType && chat.contextId ? { type: chat.contextType, id: chat.contextId } : null,
      subject: chat.subject,
      memberCount: count?.memberCount ?? 1,
      archived: membership.archivedAt !== null,
      disappearingSeconds: chat.disappearingSeconds,
      createdAt: iso(chat.createdAt),
    };
  });
}

export type ChatLabel = { title: string; peer: PublicUser | null };

/**
 * What names each chat for `userId`: its title, and a direct chat's other person (whose name
 * the title is). Two reads, issued together; what a search result or a summary shows a chat by.
 */
export async function chatLabels(db: Executor, userId: string, chatRows: (typeof chats.$inferSelect)[]): Promise<Map<string, ChatLabel>> {
  const directIds = chatRows.filter((chat) => chat.type === "direct").map((chat) => chat.id);
  const supportUserIds = unique(chatRows.map((chat) => chat.supportUserId));
  const peerUser = alias(users, "peer_user");
  const [peers, supportUsers] = await Promise.all([
    directIds.length
      ? db
          .select({ chatId: chatMembers.chatId, user: peerUser })
          .from(chatMembers)
          .innerJoin(peerUser, eq(peerUser.id, chatMembers.userId))
          .where(and(inArray(chatMembers.chatId, directIds), ne(chatMembers.userId, userId)))
      : [],
    supportUserIds.length ? db.select().from(users).where(inArray(users.id, supportUserIds)) : [],
  ]);
  return new Map(
    chatRows.map((chat) => {
      const peerRow = peers.find((p) => p.chatId === chat.id);
      const peer = chat.type === "direct" && peerRow ? toPublicUser(peerRow.user) : null;
      const supportUser = supportUsers.find((u) => u.id === chat.supportUserId);
      return [chat.id, { title: titleFor(chat, userId, peer, supportUser), peer }];
    }),
  );
}

/** A direct chat is called after the other person; admins see whose support chat it is. */
function titleFor(
  chat: typeof chats.$inferSelect,
  viewerId: string,
  peer: PublicUser | null,
  supportUser: typeof users.$inferSelect | undefined,
): string {
  if (chat.type === "direct") return peer ? fullName(peer) : (chat.title ?? "Chat");
  if (chat.type === "support" && supportUser && supportUser.id !== viewerId) {
    return `Support: ${fullName(supportUser)}${chat.subject ? ` — ${chat.subject}` : ""}`;
  }
  return chat.title ?? "Chat";
}

/** Where I deleted the newest message "for me", the newest one I can still see stands in. */
async function withVisibleFallback(
  db: Executor,
  userId: string,
  rows: { chat: typeof chats.$inferSelect }[],
  found: MessageRow[],
): Promise<MessageRow[]> {
  const hiddenIn = rows.filter((r) => r.chat.lastMessageId && !found.some((m) => m.id === r.chat.lastMessageId));
  const standIns = await Promise.all(
    hiddenIn.map(({ chat }) =>
      db
        .select(messageRow)
        .from(messages)
        .where(and(eq(messages.chatId, chat.id), notHiddenFor(userId)))
        .orderBy(desc(messages.seq))
        .limit(1),
    ),
  );
  return [...found, ...standIns.flat()];
}

export type ChatInfo = ChatSummary & {
  /** Oldest member first, with roles, presence and read cursors ("read by N of M"). */
  members: ChatMemberView[];
  messageCount: number;
  /** The oldest message from someone else after my read cursor: where the chat opens for me. */
  firstUnreadId: string | null;
  /** Groups: the JSON object a developer attached at creation. */
  metadata: Record<string, JsonValue> | null;
  /** Direct chats: new messages start end-to-end encrypted. */
  secureDefault: boolean;
};

export async function chatInfo(db: Database, userId: string, chatId: string): Promise<ChatInfo> {
  const summary = await chatSummary(db, userId, chatId);
  const myReadSeq = sql`(SELECT ${chatMembers.lastReadSeq} FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${userId})`;
  const [members, [count], [metadata], [firstUnread]] = await Promise.all([
    db
      .select({
        user: users,
        role: chatMembers.role,
        lastReadSeq: chatMembers.lastReadSeq,
        lastDeliveredSeq: chatMembers.lastDeliveredSeq,
        joinedAt: chatMembers.joinedAt,
      })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(eq(chatMembers.chatId, chatId))
      // People who joined together (a group's first members) follow the owner.
      .orderBy(chatMembers.joinedAt, sql`${chatMembers.role} = 'owner' DESC`, chatMembers.userId),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.chatId, chatId), sql`${messages.deletedAt} IS NULL`)),
    db.select({ metadata: chats.metadata, secureDefault: chats.secureDefault }).from(chats).where(eq(chats.id, chatId)),
    db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.chatId, chatId),
          sql`${messages.seq} > ${myReadSeq}`,
          sql`${messages.senderId} IS DISTINCT FROM ${userId}`,
          notHiddenFor(userId),
        ),
      )
      .orderBy(messages.seq)
      .limit(1),
  ]);
  return {
    ...summary,
    members: members.map((m) => ({
      user: toPublicUser(m.user),
      role: m.role,
      lastReadSeq: m.lastReadSeq,
      lastDeliveredSeq: m.lastDeliveredSeq,
      joinedAt: iso(m.joinedAt),
    })),
    messageCount: count?.n ?? 0,
    firstUnreadId: firstUnread?.id ?? null,
    metadata: (metadata?.metadata as Record<string, JsonValue> | null) ?? null,
    secureDefault: metadata?.secureDefault ?? false,
  };
}

// Conversations: opening direct chats, the chat list and chat info.
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { chatMembers, chats, messages, users } from "@/server/db/schema";
import { commitWithEvents, type Deps } from "@/server/events/log";
import type { listChatsInput } from "@/lib/validators";
import { badRequest, notFound } from "./errors";
import {
  type ChatMemberView,
  type ChatSummary,
  displayName,
  iso,
  toPublicUser,
} from "./views";
import { hydrateMessages, type MessageRow } from "./message-views";
import { notHiddenFor } from "./messages";
import { recordDelivery } from "./receipts";

type Membership = typeof chatMembers.$inferSelect;

/** The caller's membership of a chat; a chat they are not in does not exist for them. */
export async function requireMembership(
  db: Executor,
  chatId: string,
  userId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Membership> {
  const query = db
    .select()
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
    .limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Chat");
  return row;
}

/** Creates the direct chat of a pair or returns the existing one; the unique key settles races. */
export async function openDirect(deps: Deps, userId: string, otherUserId: string): Promise<ChatSummary> {
  if (otherUserId === userId) throw badRequest("You cannot open a chat with yourself");
  const other = await deps.db.query.users.findFirst({ where: eq(users.id, otherUserId) });
  if (!other || other.bannedAt) throw notFound("User");
  const directKey = [userId, otherUserId].sort().join(":");

  const chatId = await commitWithEvents(deps, async (tx, emit) => {
    const [created] = await tx
      .insert(chats)
      .values({ type: "direct", directKey, createdBy: userId })
      .onConflictDoNothing({ target: chats.directKey })
      .returning({ id: chats.id });
    if (!created) {
      const [existing] = await tx.select({ id: chats.id }).from(chats).where(eq(chats.directKey, directKey));
      return existing!.id;
    }
    await tx.insert(chatMembers).values([
      { chatId: created.id, userId, role: "member" },
      { chatId: created.id, userId: otherUserId, role: "member" },
    ]);
    emit({ type: "chat:updated", data: { chatId: created.id, action: "created" } }, { chatId: created.id });
    return created.id;
  });
  return chatSummary(deps.db, userId, chatId);
}

const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|(.+)$/;
// The cursor carries the activity time at the database's precision (microseconds): a JS Date
// would cut it to milliseconds and skip chats whose times differ only below that.
const activityKey = sql<string>`to_char(${chatMembers.lastActivityAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * My chats, newest activity first, keyset-paged on (last activity, id). The page carries each
 * chat's newest message, so receiving it counts as delivery.
 */
export async function listChats(
  deps: Deps,
  userId: string,
  input: z.infer<typeof listChatsInput>,
): Promise<{ items: ChatSummary[]; nextCursor: string | null }> {
  const { db } = deps;
  const match = input.cursor ? cursorPattern.exec(input.cursor) : null;
  if (input.cursor && (!match || Number.isNaN(Date.parse(match[1]!)))) throw badRequest("Invalid cursor");
  const at = match ? sql`${match[1]!}::timestamptz` : undefined;
  // A row comparison, so the index seeks straight to the cursor instead of filtering up to it.
  const after = match ? sql`(${chatMembers.lastActivityAt}, ${chatMembers.chatId}) < (${at}, ${match[2]!})` : undefined;
  const rows = await db
    .select({ chat: chats, membership: chatMembers, activityKey })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(and(eq(chatMembers.userId, userId), after))
    // NULLS LAST as in the index, so the index can serve the order.
    .orderBy(sql`${chatMembers.lastActivityAt} DESC NULLS LAST`, sql`${chatMembers.chatId} DESC NULLS LAST`)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const items = await summarize(db, userId, page);
  await recordDelivery(
    deps,
    userId,
    page.filter((r) => r.chat.lastSeq > r.membership.lastDeliveredSeq).map((r) => ({ chatId: r.chat.id, seq: r.chat.lastSeq })),
  );
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: rows.length > input.limit && last ? `${last.activityKey}|${last.chat.id}` : null,
  };
}

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

/** Fills in peers, last messages and read state for a page of chats in three queries. */
async function summarize(
  db: Executor,
  userId: string,
  rows: { chat: typeof chats.$inferSelect; membership: Membership }[],
): Promise<ChatSummary[]> {
  if (rows.length === 0) return [];
  const chatIds = rows.map((r) => r.chat.id);
  const lastMessageIds = rows.flatMap((r) => (r.chat.lastMessageId ? [r.chat.lastMessageId] : []));
  const peerUser = alias(users, "peer_user");
  const [others, lastMessages] = await Promise.all([
    db
      .select({
        chatId: chatMembers.chatId,
        lastReadSeq: chatMembers.lastReadSeq,
        lastDeliveredSeq: chatMembers.lastDeliveredSeq,
        user: peerUser,
      })
      .from(chatMembers)
      .innerJoin(peerUser, eq(peerUser.id, chatMembers.userId))
      .where(and(inArray(chatMembers.chatId, chatIds), ne(chatMembers.userId, userId))),
    lastMessageIds.length
      ? db
          .select()
          .from(messages)
          .where(and(inArray(messages.id, lastMessageIds), notHiddenFor(userId)))
          .then((found) => withVisibleFallback(db, userId, rows, found))
          .then((found) => hydrateMessages(db, userId, found))
      : [],
  ]);
  return rows.map(({ chat, membership }) => {
    const peers = others.filter((o) => o.chatId === chat.id);
    const peer = chat.type === "direct" && peers[0] ? toPublicUser(peers[0].user) : null;
    const lastMessage = lastMessages.find((m) => m.chatId === chat.id);
    return {
      id: chat.id,
      type: chat.type,
      title: chat.title ?? (peer ? displayName(peer) : "Chat"),
      peer,
      myRole: membership.role,
      lastMessage: lastMessage ?? null,
      lastActivityAt: iso(chat.lastActivityAt),
      unreadCount: Math.max(0, chat.lastSeq - membership.lastReadSeq),
      peerReadSeq: peers.reduce((max, p) => Math.max(max, p.lastReadSeq), 0),
      peerDeliveredSeq: peers.reduce((max, p) => Math.max(max, p.lastDeliveredSeq), 0),
      createdAt: iso(chat.createdAt),
    };
  });
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
        .select()
        .from(messages)
        .where(and(eq(messages.chatId, chat.id), notHiddenFor(userId)))
        .orderBy(desc(messages.seq))
        .limit(1),
    ),
  );
  return [...found, ...standIns.flat()];
}

export type ChatInfo = ChatSummary & { members: ChatMemberView[]; messageCount: number };

export async function chatInfo(db: Database, userId: string, chatId: string): Promise<ChatInfo> {
  const summary = await chatSummary(db, userId, chatId);
  const [members, [count]] = await Promise.all([
    db
      .select({
        user: users,
        role: chatMembers.role,
        lastReadSeq: chatMembers.lastReadSeq,
        lastDeliveredSeq: chatMembers.lastDeliveredSeq,
      })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(eq(chatMembers.chatId, chatId))
      .orderBy(chatMembers.joinedAt),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.chatId, chatId), sql`${messages.deletedAt} IS NULL`)),
  ]);
  return {
    ...summary,
    members: members.map((m) => ({
      user: toPublicUser(m.user),
      role: m.role,
      lastReadSeq: m.lastReadSeq,
      lastDeliveredSeq: m.lastDeliveredSeq,
    })),
    messageCount: count?.n ?? 0,
  };
}

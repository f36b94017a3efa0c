// My chat list (filtered by type, archive and a search text; keyset-paged), per-person
// archive, and my totals.
import { and, desc, eq, exists, getTableColumns, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { chatMembers, chats, messages, users } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import type { listChatsInput } from "@/lib/validators";
import { chatSummary, summarize } from "@/server/services/chats/summary";
import { notFound } from "@/server/services/errors";
import { recordDelivery } from "@/server/services/messages/receipts";
import type { ChatSummary } from "@/server/services/dto";
import { notHiddenFor } from "@/server/services/chats/access";
import { containsPattern, decodeCursor, encodeCursor, isCursorId } from "@/server/services/keyset";

const activityPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
// The cursor carries the activity time at the database's precision (microseconds): a JS Date
// would cut it to milliseconds and skip chats whose times differ only below that.
const activityKey = sql<string>`to_char(${chats.lastActivityAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * My chats, newest activity first, keyset-paged on the chat's (last activity, id). The page
 * carries each chat's newest message, so receiving it counts as delivery. Archived chats show
 * only when asked for, and then alone.
 *
 * Activity is kept on the chat row alone (a send writes one row, not one per member), so a
 * page reads my memberships (chat_members_user_idx), their chats by primary key, and sorts
 * those: the cost follows how many chats I am in, not how many chats there are.
 */
export async function listChats(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof listChatsInput>,
): Promise<{ items: ChatSummary[]; nextCursor: string | null }> {
  const { db } = deps;
  const cursor = decodeCursor(input.cursor, ([at, id]) =>
    typeof at === "string" && activityPattern.test(at) && !Number.isNaN(Date.parse(at)) && isCursorId(id) ? { at, id } : null,
  );
  // My chat ids as one array, so the chats are read by primary key, one index scan, whatever
  // the planner thinks of the sizes. As a join or `IN (subquery)` PostgreSQL hashes the whole
  // chats table once it is a few times larger than my memberships, reading every chat to page
  // through a few thousand.
  const myChatIds = db
    .select({ chatId: chatMembers.chatId })
    .from(chatMembers)
    .where(
      and(
        eq(chatMembers.userId, userId),
        input.archived ? isNotNull(chatMembers.archivedAt) : isNull(chatMembers.archivedAt),
      ),
    );
  const chatPage = db
    .select({ ...getTableColumns(chats), activityKey: activityKey.as("activity_key") })
    .from(chats)
    .where(
      and(
        sql`${chats.id} = ANY(ARRAY(${myChatIds}))`,
        cursor ? sql`(${chats.lastActivityAt}, ${chats.id}) < (${cursor.at}::timestamptz, ${cursor.id})` : undefined,
        input.type ? eq(chats.type, input.type) : undefined,
        input.q ? chatMatching(userId, input.q) : undefined,
      ),
    )
    .orderBy(desc(chats.lastActivityAt), desc(chats.id))
    .limit(input.limit + 1)
    .as("chat_page");
  const rows = await db
    .select({ chat: chatPage._.selectedFields, membership: chatMembers })
    .from(chatPage)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, chatPage.id), eq(chatMembers.userId, userId)))
    .orderBy(desc(chatPage.lastActivityAt), desc(chatPage.id));
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
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.chat.activityKey, last.chat.id]) : null,
  };
}

/** The chat's title, or another member's username or name, contains `q` (any case). */
export function chatMatching(userId: string, q: string) {
  const pattern = containsPattern(q);
  const member = sql.raw("search_member");
  const person = sql.raw("search_user");
  return or(
    sql`lower(coalesce(${chats.title}, '')) LIKE ${pattern}`,
    exists(
      sql`(SELECT 1 FROM ${chatMembers} ${member} JOIN ${users} ${person} ON ${person}.id = ${member}.user_id
        WHERE ${member}.chat_id = ${chats.id} AND ${member}.user_id <> ${userId}
        AND lower(${person}.username || ' ' || ${person}.first_name || ' ' || ${person}.last_name) LIKE ${pattern})`,
    ),
  );
}

/**
 * Archives or restores a chat for me alone. An archived chat stays archived when new messages
 * arrive (as WhatsApp does with "keep chats archived"): archiving is a decision to stop
 * seeing a chat in the main list, and a busy group would otherwise never stay archived.
 */
export async function archiveChat(
  db: Database,
  userId: string,
  input: { chatId: string; archived: boolean },
): Promise<ChatSummary> {
  const [row] = await db
    .update(chatMembers)
    .set({ archivedAt: input.archived ? sql`coalesce(${chatMembers.archivedAt}, now())` : null })
    .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, userId)))
    .returning({ chatId: chatMembers.chatId });
  if (!row) throw notFound("Chat");
  return chatSummary(db, userId, input.chatId);
}

export type ChatStats = { totalChats: number; totalMessages: number; totalUnread: number };

/** My totals: chats I am in (archived too), messages I can see in them, and unread ones. */
export async function chatStats(db: Database, userId: string): Promise<ChatStats> {
  const [[chatTotals], [messageTotals]] = await Promise.all([
    db
      .select({
        totalChats: sql<number>`count(*)::int`,
        totalUnread: sql<number>`coalesce(sum(greatest(${chats.lastSeq} - ${chatMembers.lastReadSeq}, 0)), 0)::int`,
      })
      .from(chatMembers)
      .innerJoin(chats, eq(chats.id, chatMembers.chatId))
      .where(eq(chatMembers.userId, userId)),
    db
      .select({ totalMessages: sql<number>`count(*)::int` })
      .from(messages)
      .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
      .where(and(isNull(messages.deletedAt), notHiddenFor(userId))),
  ]);
  return {
    totalChats: chatTotals?.totalChats ?? 0,
    totalMessages: messageTotals?.totalMessages ?? 0,
    totalUnread: chatTotals?.totalUnread ?? 0,
  };
}


// Message search: the messages I can see now, in every chat of mine or in one, newest first or
// by relevance. What I can see is what history shows me: chats I am in, not deleted "for me",
// not deleted for everyone, not past their disappearing time; and only kinds people write.
import { and, desc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { chatMembers, chats, messages, users } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { isEmptySearch, markedTerms, parseSearchQuery, type SearchQuery } from "@/lib/search-query";
import { snippetOf, type SnippetPart } from "@/lib/search-snippet";
import type { searchMessagesInput } from "@/lib/validators";
import { notHiddenFor, requireMembership } from "@/server/services/chats/access";
import { chatMatching } from "@/server/services/chats/list";
import { chatLabels } from "@/server/services/chats/summary";
import { toPublicUser, type ChatSummary, type MessageView, type PublicUser } from "@/server/services/dto";
import { decodeCursor, encodeCursor, isCursorId, newestFirst } from "@/server/services/keyset";
import { hydrateMessages } from "@/server/services/messages/hydration";
import { unique } from "@/server/services/unique";
import { relevance, searchConditions, type Form } from "./conditions";

export type MessageSearchHit = {
  message: MessageView;
  /** Who wrote it (null: a deleted account), so a result can name them without another call. */
  sender: Pick<PublicUser, "id" | "username" | "firstName" | "lastName" | "avatarUrl"> | null;
  /** A direct chat's other person is `peerId`; its title and avatar are theirs. */
  chat: Pick<ChatSummary, "id" | "type" | "title"> & { avatarUrl: string | null; peerId: string | null };
  snippet: SnippetPart[];
};
export type MessageSearchResult = { items: MessageSearchHit[]; nextCursor: string | null; total: number | null };

type Input = z.infer<typeof searchMessagesInput>;

// Secure messages and system lines are never searched: the server cannot read the one, and
// the other is not something anyone said.
const SEARCHABLE_KINDS = ["text", "attachment", "voice", "poll", "contact", "sticker"] as const;
/** In one chat the matches are counted ("3 of 17"), up to this many. */
export const SEARCH_COUNT_CAP = 1000;

type Position = { order: "seq"; seq: number } | { order: "time"; at: string; id: string } | { order: "rank"; offset: number };

export async function searchMessages(db: Database, userId: string, input: Input): Promise<MessageSearchResult> {
  const query = parseSearchQuery(input.q);
  const order = input.order === "relevance" ? "rank" : input.chatId ? "seq" : "time";
  const position = readCursor(input.cursor, order);
  if (input.chatId) await requireMembership(db, input.chatId, userId);
  const nothing = { items: [], nextCursor: null, total: input.chatId ? 0 : null };
  if (isEmptySearch(query)) return nothing;

  // The chat ids as values, not a subquery: planned with them, a search in one chat of 200
  // messages reads those 200, not the index entries of a word in every chat.
  const chatIds = await searchedChats(db, userId, query, input.chatId);
  if (chatIds.length === 0) return nothing;
  const visible = and(
    inArray(messages.chatId, chatIds),
    inArray(messages.kind, [...SEARCHABLE_KINDS]),
    isNull(messages.deletedAt),
    or(isNull(messages.expiresAt), gt(messages.expiresAt, sql`now()`)),
    notHiddenFor(userId),
  );
  const asked = (form: Form) => and(visible, ...searchConditions(query, userId, input.utcOffsetMinutes, form));
  const offset = position?.order === "rank" ? position.offset : 0;
  const [rows, total] = await db.transaction(async (tx) => {
    // Statements are prepared (db/prepared.ts), and after five runs PostgreSQL may settle on one
    // plan for every value: a plan made for a rare word costs a hundred times more for a common
    // one, and back. A search is planned for its own words.
    await tx.execute(sql`SET LOCAL plan_cache_mode = force_custom_plan`);
    const found =
      order === "rank"
        ? await tx
            .select(messageRow)
            .from(messages)
            .where(asked({ indexed: true }))
            .orderBy(desc(relevance(query)), ...newestFirst(messages.createdAt, messages.id))
            .limit(input.limit + 1)
            .offset(offset)
        : await newestMatches(tx, asked, order, position, input.limit + 1);
    return [found, input.chatId ? await countMatches(tx, input.chatId, asked) : null] as const;
  });
  const found = rows.slice(0, input.limit);
  const last = found.at(-1);
  const nextCursor = rows.length > input.limit && last ? writeCursor(order, last, offset + found.length) : null;
  return { items: await hits(db, userId, found, query), nextCursor, total };
}

/** How far back the first look goes: a week of my chats' messages. */
const RECENT_MS = 7 * 86_400_000;
/** The first look takes at most this many matches' keys. */
const WEEK_KEYS = 5000;

/**
 * The newest `count` matches after `position` (by time across chats, by seq in one). A common
 * word is in thousands of my messages, and reading all of them to keep the newest 20 cost
 * ~45 ms at a million messages. So the last week of my chats is read first
 * (messages_chat_created_at_idx: a few thousand rows), its text checked row by row, no text
 * index involved; it usually holds a page of any common word. Only when it does not is the
 * rest searched through the text indexes, and then the word is not common: its entries are few.
 */
async function newestMatches(
  db: Executor,
  asked: (form: Form) => SQL | undefined,
  order: "seq" | "time",
  position: Position | null,
  count: number,
) {
  const after =
    position?.order === "seq"
      ? lt(messages.seq, position.seq)
      : position?.order === "time"
        ? sql`(${messages.createdAt}, ${messages.id}) < (${position.at}::timestamptz, ${position.id})`
        : undefined;
  const since = new Date((position?.order === "time" ? Date.parse(position.at) : Date.now()) - RECENT_MS);
  const newest = order === "seq" ? [desc(messages.seq)] : newestFirst(messages.createdAt, messages.id);
  const page = (where: SQL | undefined, limit: number) => db.select(messageRow).from(messages).where(where).orderBy(...newest).limit(limit);
  const inWeek = and(asked({ indexed: false }), after, gte(messages.createdAt, since));
  // Without ORDER BY … LIMIT: with one, the planner walks the whole table's newest messages
  // (messages_created_at_idx) hoping for an early page, 77,000 rows for a rare word.
  const keys = await db
    .select({ id: messages.id, seq: messages.seq, createdAt: messages.createdAt })
    .from(messages)
    .where(inWeek)
    .limit(WEEK_KEYS);
  // A word this common in one week: the newest messages hold a page of it at once.
  if (keys.length === WEEK_KEYS) return page(inWeek, count);
  const chosen = keys
    .sort((a, b) => (order === "seq" ? b.seq - a.seq : b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1)))
    .slice(0, count)
    .map((key) => key.id);
  const recent = chosen.length ? await page(inArray(messages.id, chosen), count) : [];
  if (recent.length >= count) return recent;
  return [...recent, ...(await page(and(asked({ indexed: true }), after, lt(messages.createdAt, since)), count - recent.length))];
}

/** My chats, or the one asked for, narrowed to those `in:` names when it is used. */
async function searchedChats(db: Database, userId: string, query: SearchQuery, chatId: string | undefined): Promise<string[]> {
  const mine = and(eq(chatMembers.userId, userId), chatId ? eq(chatMembers.chatId, chatId) : undefined);
  const memberships = db.select({ chatId: chatMembers.chatId }).from(chatMembers);
  const rows = query.in.length
    ? await memberships
        .innerJoin(chats, eq(chats.id, chatMembers.chatId))
        .where(and(mine, or(...query.in.map((name) => chatMatching(userId, name)))))
    : await memberships.where(mine);
  return rows.map((row) => row.chatId);
}

/** A chat up to this size is counted row by row; a larger one through the text indexes. */
const COUNT_BY_ROW_UP_TO = 5000;

async function countMatches(db: Executor, chatId: string, asked: (form: Form) => SQL | undefined): Promise<number> {
  const [chat] = await db.select({ lastSeq: chats.lastSeq }).from(chats).where(eq(chats.id, chatId));
  const where = asked({ indexed: (chat?.lastSeq ?? 0) > COUNT_BY_ROW_UP_TO });
  const capped = db.select({ one: sql`1` }).from(messages).where(where).limit(SEARCH_COUNT_CAP).as("capped");
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(capped);
  return row?.count ?? 0;
}

async function hits(db: Database, userId: string, rows: MessageRow[], query: SearchQuery): Promise<MessageSearchHit[]> {
  if (rows.length === 0) return [];
  const senderIds = unique(rows.map((r) => r.senderId));
  // The rows were read from my chats; a chat I left meanwhile is not joined here and drops out.
  const [views, chatRows, senders] = await Promise.all([
    hydrateMessages(db, userId, rows),
    db
      .select({ chat: chats })
      .from(chatMembers)
      .innerJoin(chats, eq(chats.id, chatMembers.chatId))
      .where(and(eq(chatMembers.userId, userId), inArray(chatMembers.chatId, unique(rows.map((r) => r.chatId))))),
    senderIds.length ? db.select().from(users).where(inArray(users.id, senderIds)) : [],
  ]);
  const people = new Map(senders.map((row) => [row.id, toPublicUser(row)]));
  const chatsById = new Map(chatRows.map(({ chat }) => [chat.id, chat]));
  const labels = await chatLabels(db, userId, [...chatsById.values()]);
  const terms = markedTerms(query);
  return views.flatMap((message) => {
    const chat = chatsById.get(message.chatId);
    const label = labels.get(message.chatId);
    if (!chat || !label) return [];
    return [
      {
        message,
        sender: senderOf(people.get(message.senderId ?? "")),
        chat: { id: chat.id, type: chat.type, title: label.title, avatarUrl: label.peer?.avatarUrl ?? null, peerId: label.peer?.id ?? null },
        snippet: snippetOf(message.content, terms),
      },
    ];
  });
}

function senderOf(user: PublicUser | undefined): MessageSearchHit["sender"] {
  return user ? { id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName, avatarUrl: user.avatarUrl } : null;
}

function readCursor(cursor: string | null | undefined, order: Position["order"]): Position | null {
  return decodeCursor(cursor, ([kind, a, b]): Position | null => {
    if (kind !== order) return null;
    if (kind === "seq" && Number.isSafeInteger(a)) return { order: "seq", seq: a as number };
    if (kind === "rank" && Number.isSafeInteger(a) && (a as number) >= 0) return { order: "rank", offset: a as number };
    if (kind === "time" && typeof a === "string" && !Number.isNaN(Date.parse(a)) && isCursorId(b)) return { order: "time", at: a, id: b };
    return null;
  });
}

function writeCursor(order: Position["order"], last: MessageRow, offset: number): string {
  if (order === "seq") return encodeCursor(["seq", last.seq]);
  if (order === "rank") return encodeCursor(["rank", offset]);
  return encodeCursor(["time", last.createdAt.toISOString(), last.id]);
}

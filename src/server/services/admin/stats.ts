// The dashboard's numbers, cheap however many messages there are. Messages are counted per
// UTC day once the day is over (message_day_counts), so the total and the chart read one row
// per day plus today's messages (a short range of messages_created_at_idx). "Active" reads
// users_last_seen_at_idx; live connections are the sockets every live instance has recorded
// (instance_sockets, one row per user connected to each instance).
import { gte, max, or, sql, sum } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chats, files, messageDayCounts, messages, users } from "@/server/db/schema";
import { newestFirst } from "@/server/services/keyset";
import { liveConnectionCount } from "@/server/services/accounts/instances";
import { type AdminUserView, toAdminUserView } from "@/server/services/admin/users";

const DAYS = 30;
const NEWEST_USERS = 8;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * A day is counted for good this long after it ends: a send whose transaction began before
 * midnight may commit a little after it.
 */
const SETTLE_MS = 60 * 60 * 1000;

export type AdminStats = {
  users: number;
  activeUsers24h: number;
  chats: number;
  /** Messages sent (those of deleted chats included, once their day is counted). */
  messages: number;
  files: number;
  storageBytes: number;
  liveConnections: number;
  /** The last 30 UTC days, oldest first, today last; days without messages are 0. */
  messagesPerDay: { day: string; count: number }[];
  newestUsers: AdminUserView[];
};

export async function adminStats(db: Database, now = new Date()): Promise<AdminStats> {
  const since24h = new Date(now.getTime() - DAY_MS);
  const firstDay = dayKey(new Date(now.getTime() - (DAYS - 1) * DAY_MS));
  const countedBefore = startOfUtcDay(new Date(now.getTime() - SETTLE_MS));
  await countEndedDays(db, countedBefore);

  const day = sql<string>`to_char(${messages.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const [userCounts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      active: sql<number>`count(*) FILTER (WHERE ${or(users.online, gte(users.lastSeenAt, since24h))})::int`,
    })
    .from(users);
  const [chatCount] = await db.select({ total: sql<number>`count(*)::int` }).from(chats);
  const [fileTotals] = await db
    .select({ total: sql<number>`count(*)::int`, bytes: sql<string>`coalesce(sum(${files.size}), 0)::text` })
    .from(files);
  const [counted] = await db.select({ total: sum(messageDayCounts.count) }).from(messageDayCounts);
  const countedDays = await db.select().from(messageDayCounts).where(gte(messageDayCounts.day, firstDay));
  const uncounted = await db
    .select({ day, count: sql<number>`count(*)::int` })
    .from(messages)
    .where(gte(messages.createdAt, countedBefore))
    .groupBy(day);
  const newest = await db.select().from(users).orderBy(...newestFirst(users.createdAt, users.id)).limit(NEWEST_USERS);
  const liveConnections = await liveConnectionCount(db);

  const counts = new Map<string, number>();
  for (const row of [...countedDays, ...uncounted]) counts.set(row.day, (counts.get(row.day) ?? 0) + Number(row.count));
  const messagesPerDay = Array.from({ length: DAYS }, (_, i) => {
    const key = dayKey(new Date(Date.parse(firstDay) + i * DAY_MS));
    return { day: key, count: counts.get(key) ?? 0 };
  });
  return {
    users: Number(userCounts!.total),
    activeUsers24h: Number(userCounts!.active),
    chats: Number(chatCount!.total),
    messages: Number(counted?.total ?? 0) + uncounted.reduce((total, row) => total + Number(row.count), 0),
    files: Number(fileTotals!.total),
    storageBytes: Number(fileTotals!.bytes),
    liveConnections,
    messagesPerDay,
    newestUsers: newest.map(toAdminUserView),
  };
}

/**
 * Counts the days that ended (and settled) since the last counted one, in one statement.
 * The first call counts every past day once; after that, each call reads at most the days
 * since the previous one. Racing calls insert the same rows; the first one wins.
 */
async function countEndedDays(db: Database, before: Date): Promise<void> {
  const [last] = await db.select({ day: max(messageDayCounts.day) }).from(messageDayCounts);
  const from = last?.day ? new Date(Date.parse(`${last.day}T00:00:00Z`) + DAY_MS) : null;
  if (from && from >= before) return;
  await db.execute(sql`
    INSERT INTO ${messageDayCounts} (day, count)
    SELECT (${messages.createdAt} AT TIME ZONE 'UTC')::date, count(*)::int
    FROM ${messages}
    WHERE ${messages.createdAt} < ${before.toISOString()}::timestamptz
      ${from ? sql`AND ${messages.createdAt} >= ${from.toISOString()}::timestamptz` : sql``}
    GROUP BY 1
    ON CONFLICT (day) DO NOTHING`);
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

const dayKey = (date: Date) => date.toISOString().slice(0, 10);

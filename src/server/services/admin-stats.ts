// The dashboard's numbers. Each is one query an index serves: message totals and the
// per-day series read messages_created_at_idx (index-only), "active" reads
// users_last_seen_at_idx; live connections come from this process's socket registry.
import { desc, gte, or, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { chats, files, messages, users } from "@/server/db/schema";
import type { ConnectionRegistry } from "@/server/connections";
import { type AdminUserView, toAdminUserView } from "./admin-users";

const DAYS = 30;
const NEWEST_USERS = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AdminStats = {
  users: number;
  activeUsers24h: number;
  chats: number;
  messages: number;
  files: number;
  storageBytes: number;
  liveConnections: number;
  /** The last 30 UTC days, oldest first, today last; days without messages are 0. */
  messagesPerDay: { day: string; count: number }[];
  newestUsers: AdminUserView[];
};

export async function adminStats(db: Database, connections: ConnectionRegistry, now = new Date()): Promise<AdminStats> {
  const since24h = new Date(now.getTime() - DAY_MS);
  const firstDay = startOfUtcDay(new Date(now.getTime() - (DAYS - 1) * DAY_MS));
  const day = sql<string>`to_char(${messages.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

  const [userCounts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      active: sql<number>`count(*) FILTER (WHERE ${or(users.online, gte(users.lastSeenAt, since24h))})::int`,
    })
    .from(users);
  const [chatCount] = await db.select({ total: sql<number>`count(*)::int` }).from(chats);
  const [messageCount] = await db.select({ total: sql<number>`count(*)::int` }).from(messages);
  const [fileTotals] = await db
    .select({ total: sql<number>`count(*)::int`, bytes: sql<string>`coalesce(sum(${files.size}), 0)::text` })
    .from(files);
  const perDay = await db
    .select({ day, count: sql<number>`count(*)::int` })
    .from(messages)
    .where(gte(messages.createdAt, firstDay))
    .groupBy(day);
  const newest = await db.select().from(users).orderBy(desc(users.createdAt), desc(users.id)).limit(NEWEST_USERS);

  const counts = new Map(perDay.map((row) => [row.day, Number(row.count)]));
  const messagesPerDay = Array.from({ length: DAYS }, (_, i) => {
    const key = new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { day: key, count: counts.get(key) ?? 0 };
  });
  return {
    users: Number(userCounts!.total),
    activeUsers24h: Number(userCounts!.active),
    chats: Number(chatCount!.total),
    messages: Number(messageCount!.total),
    files: Number(fileTotals!.total),
    storageBytes: Number(fileTotals!.bytes),
    liveConnections: connections.count(),
    messagesPerDay,
    newestUsers: newest.map(toAdminUserView),
  };
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

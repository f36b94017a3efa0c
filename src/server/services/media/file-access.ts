// Who may see a file: its uploader, the members of every chat it was sent to, and anyone
// signed in when it is someone's avatar. Everyone else learns nothing (NOT_FOUND / 404), so
// the download route and `files.byId` answer alike.
import { and, eq, exists, or, sql } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { chatMembers, files, messageAttachments, users } from "@/server/db/schema";
import { notFound } from "@/server/services/errors";

export type FileRow = typeof files.$inferSelect;

/** SQL condition: `files` row is visible to `userId` (usable inside any query over files). */
export const fileVisibleTo = (userId: string) =>
  or(
    eq(files.uploaderId, userId),
    exists(
      sql`(SELECT 1 FROM ${messageAttachments} INNER JOIN ${chatMembers} ON ${chatMembers.chatId} = ${messageAttachments.chatId} AND ${chatMembers.userId} = ${userId} WHERE ${messageAttachments.fileId} = ${files.id})`,
    ),
    exists(sql`(SELECT 1 FROM ${users} WHERE ${users.avatarFileId} = ${files.id})`),
  );

export async function findVisibleFile(db: Executor, userId: string, fileId: string): Promise<FileRow | null> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), fileVisibleTo(userId)));
  return row ?? null;
}

export async function requireVisibleFile(db: Executor, userId: string, fileId: string): Promise<FileRow> {
  const row = await findVisibleFile(db, userId, fileId);
  if (!row) throw notFound("File");
  return row;
}

// The music page: every audio file the caller may see (their own uploads and the music sent
// in their chats), newest first. Voice notes are messages, not music, and stay out. A page
// costs in proportion to the audio the caller may see (their chats' music is gathered, then
// sorted), not to the size of the tables: see bench/README.md.
import { and, desc, eq, inArray, notExists, sql } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { chatMembers, files, messageAttachments } from "@/server/db/schema";
import type { musicInput } from "@/lib/validators";
import { type FileView, toFileView } from "@/server/services/dto";

export async function allMusic(
  db: Database,
  userId: string,
  input: z.infer<typeof musicInput>,
): Promise<{ items: FileView[]; nextCursor: string | null }> {
  // Two index-served sources: my audio uploads, and audio attachments of my chats' galleries.
  const mine = union(
    db
      .select({ id: files.id })
      .from(files)
      .where(
        and(
          eq(files.uploaderId, userId),
          eq(files.kind, "audio"),
          // My own recordings sent as voice notes.
          notExists(
            sql`(SELECT 1 FROM ${messageAttachments} WHERE ${messageAttachments.fileId} = ${files.id} AND ${messageAttachments.category} = 'voice')`,
          ),
        ),
      ),
    db
      .select({ id: messageAttachments.fileId })
      .from(messageAttachments)
      .innerJoin(chatMembers, and(eq(chatMembers.chatId, messageAttachments.chatId), eq(chatMembers.userId, userId)))
      .where(eq(messageAttachments.category, "audio")),
  );
  const rows = await db
    .select()
    .from(files)
    .where(
      and(
        inArray(files.id, mine),
        // Keyset on (created_at, id) from the cursor's own row: exact to the microsecond.
        input.cursor
          ? sql`(${files.createdAt}, ${files.id}) < (SELECT c.created_at, c.id FROM ${files} c WHERE c.id = ${input.cursor})`
          : undefined,
      ),
    )
    .orderBy(desc(files.createdAt), desc(files.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toFileView),
    nextCursor: rows.length > input.limit && last ? last.id : null,
  };
}

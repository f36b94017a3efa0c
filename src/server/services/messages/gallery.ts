// A chat's gallery: the files its messages carry, by tab (media, audio, documents).
import { and, asc, eq, gt, inArray, lt, notExists, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { files, hiddenMessages, messageAttachments, messages } from "@/server/db/schema";
import type { chatFilesInput } from "@/lib/validators";
import { requireMembership } from "@/server/services/chats/access";
import { decodeCursor, encodeCursor } from "@/server/services/keyset";
import { unique } from "@/server/services/unique";
import { iso, toFileView, type FileView } from "@/server/services/dto";

export type GalleryItem = { file: FileView; messageId: string; seq: number; senderId: string | null; createdAt: string };

const GALLERY_CATEGORY = { media: "media", audio: "audio", docs: "docs" } as const;

/**
 * A chat's gallery tab, newest message first (a message's files in their order). The cursor is
 * the (seq, position) of the last item. The page is read from the gallery index alone, and only
 * then are its files and messages fetched by key: joined in one statement, the planner would
 * rather hash the whole chat's messages than walk the index.
 */
export async function chatFiles(
  db: Database,
  userId: string,
  input: z.infer<typeof chatFilesInput>,
): Promise<{ items: GalleryItem[]; nextCursor: string | null }> {
  await requireMembership(db, input.chatId, userId);
  const after = parseGalleryCursor(input.cursor);
  const rows = await db
    .select()
    .from(messageAttachments)
    .where(
      and(
        eq(messageAttachments.chatId, input.chatId),
        eq(messageAttachments.category, GALLERY_CATEGORY[input.kind]),
        after
          ? or(
              lt(messageAttachments.seq, after.seq),
              and(eq(messageAttachments.seq, after.seq), gt(messageAttachments.position, after.position)),
            )
          : undefined,
        notExists(
          sql`(SELECT 1 FROM ${hiddenMessages} WHERE ${hiddenMessages.messageId} = ${messageAttachments.messageId} AND ${hiddenMessages.userId} = ${userId})`,
        ),
      ),
    )
    // Spelled as the index is built (drizzle's DESC is NULLS LAST), so the index serves the order.
    .orderBy(sql`${messageAttachments.seq} DESC NULLS LAST`, asc(messageAttachments.position))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const [fileRows, messageRows] = await Promise.all([
    db.select().from(files).where(inArray(files.id, unique(page.map((r) => r.fileId)))),
    db
      .select({ id: messages.id, senderId: messages.senderId, createdAt: messages.createdAt })
      .from(messages)
      .where(inArray(messages.id, unique(page.map((r) => r.messageId)))),
  ]);
  const fileById = new Map(fileRows.map((f) => [f.id, f]));
  const messageById = new Map(messageRows.map((m) => [m.id, m]));
  const last = page[page.length - 1]!;
  return {
    items: page.map((r) => ({
      file: toFileView(fileById.get(r.fileId)!),
      messageId: r.messageId,
      seq: r.seq,
      senderId: messageById.get(r.messageId)!.senderId,
      createdAt: iso(messageById.get(r.messageId)!.createdAt),
    })),
    nextCursor: rows.length > input.limit ? encodeCursor([last.seq, last.position]) : null,
  };
}

function parseGalleryCursor(cursor: string | null | undefined): { seq: number; position: number } | null {
  return decodeCursor(cursor, ([seq, position]) =>
    Number.isSafeInteger(seq) && Number.isSafeInteger(position) ? { seq: seq as number, position: position as number } : null,
  );
}

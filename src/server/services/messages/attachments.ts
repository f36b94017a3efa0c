// The files a message carries: checked at send (the sender's own uploads, of the right kind),
// written in order with the gallery category, read back for views, and listed per chat.
import { and, asc, eq, gt, inArray, lt, notExists, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { files, hiddenMessages, messageAttachments, messages } from "@/server/db/schema";
import type { chatFilesInput } from "@/lib/validators";
import { badRequest, forbidden, notFound } from "@/server/services/errors";
import { type FileRow, findVisibleFile } from "@/server/services/media/file-access";
import { iso, toFileView, type FileView } from "@/server/services/views";
import { requireMembership } from "@/server/services/chats/access";
import { decodeCursor, encodeCursor } from "@/server/services/keyset";
import { unique } from "@/server/services/unique";

export type AttachmentCategory = (typeof messageAttachments.$inferSelect)["category"];

/**
 * The uploads named by `fileIds`, in that order. Each must be the sender's own upload: a file
 * someone else sent travels by forwarding the message, not by re-attaching it.
 */
export async function requireOwnUploads(tx: Executor, senderId: string, fileIds: string[]): Promise<FileRow[]> {
  const rows = await tx
    .select()
    .from(files)
    .where(and(inArray(files.id, fileIds), eq(files.uploaderId, senderId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = fileIds.find((fileId) => !byId.has(fileId));
  if (missing) {
    if (await findVisibleFile(tx, senderId, missing)) {
      throw forbidden("You can only attach files you uploaded; forward the message instead");
    }
    throw notFound("File");
  }
  return fileIds.map((fileId) => byId.get(fileId)!);
}

export function requireRecording(file: FileRow): FileRow {
  if (file.kind !== "audio") throw badRequest("A voice message must be an audio recording");
  return file;
}

/** The gallery tab a file sent in a message of `kind` belongs to. */
export function categoryOf(kind: string, file: Pick<FileRow, "kind">): AttachmentCategory {
  if (kind === "voice") return "voice";
  if (file.kind === "image" || file.kind === "video") return "media";
  return file.kind === "audio" ? "audio" : "docs";
}

export async function insertAttachments(
  tx: Executor,
  message: Pick<typeof messages.$inferSelect, "id" | "chatId" | "seq" | "kind">,
  attached: FileRow[],
): Promise<void> {
  if (attached.length === 0) return;
  await tx.insert(messageAttachments).values(
    attached.map((file, position) => ({
      messageId: message.id,
      position,
      fileId: file.id,
      chatId: message.chatId,
      seq: message.seq,
      category: categoryOf(message.kind, file),
    })),
  );
}

/** The files of each message, in the order they were attached. */
export async function attachmentsOf(db: Executor, messageIds: string[]): Promise<Map<string, FileView[]>> {
  const byMessage = new Map<string, FileView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({ messageId: messageAttachments.messageId, file: files })
    .from(messageAttachments)
    .innerJoin(files, eq(files.id, messageAttachments.fileId))
    .where(inArray(messageAttachments.messageId, messageIds))
    .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position));
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push(toFileView(row.file));
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}

/** The raw rows, for copying a message's files into a forwarded copy. */
export async function attachedFiles(tx: Executor, messageId: string): Promise<FileRow[]> {
  const rows = await tx
    .select({ file: files })
    .from(messageAttachments)
    .innerJoin(files, eq(files.id, messageAttachments.fileId))
    .where(eq(messageAttachments.messageId, messageId))
    .orderBy(asc(messageAttachments.position));
  return rows.map((r) => r.file);
}

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

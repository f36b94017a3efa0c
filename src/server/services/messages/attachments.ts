// The files a message carries: checked at send (the sender's own uploads, of the right kind),
// written in order with the gallery category, and read back for views. The gallery that
// lists them per chat is gallery.ts.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { files, messageAttachments, messages } from "@/server/db/schema";
import { badRequest, forbidden, notFound } from "@/server/services/errors";
import { type FileRow, findVisibleFile } from "@/server/services/media/file-access";
import { toFileView, type FileView } from "@/server/services/dto";

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

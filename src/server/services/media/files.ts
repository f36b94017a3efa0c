// Describing uploaded files to those who may see them (the bytes travel over plain HTTP).
import type { Database } from "@/server/db";
import { type ExtractDeps, extractFileMetadata } from "@/server/files/extract-metadata";
import { requireVisibleFile } from "@/server/services/media/file-access";
import { type FileView, toFileView } from "@/server/services/dto";

export async function fileById(db: Database, userId: string, fileId: string): Promise<FileView> {
  return toFileView(await requireVisibleFile(db, userId, fileId));
}

/** Reads the stored bytes again (tags, duration, dimensions, thumbnail, cover) for anyone who may see the file. */
export async function refreshFileMetadata(deps: ExtractDeps, userId: string, fileId: string): Promise<FileView> {
  const file = await requireVisibleFile(deps.db, userId, fileId);
  return toFileView(await extractFileMetadata(deps, file));
}

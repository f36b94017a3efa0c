// Reads a stored file again and refreshes what Relay derives from it (dimensions, thumbnail,
// duration, audio tags and cover art): for files stored before extraction existed, or whose
// extraction failed. Called by the files.extractMetadata procedure.
import { rm } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { files } from "@/server/db/schema";
import type { FileRow } from "@/server/services/media/file-access";
import { fileStorages, type Storages, storageFor } from "@/server/storage";
import { familyOfDeclared, familyOfSniffed } from "./file-types";
import { putDerived, spool } from "./ingest";
import { describeMedia } from "./media";

export type ExtractDeps = { db: Executor; storages?: Storages };

export async function extractFileMetadata(deps: ExtractDeps, file: FileRow): Promise<FileRow> {
  const storages = deps.storages ?? fileStorages();
  const storage = storageFor(storages, file.storage);
  const family = familyOfSniffed(file.mimeType) ?? familyOfDeclared(file.mimeType);
  if (!family || file.kind === "document") return markExtracted(deps.db, file, {});

  const spooled = await spool(await storage.read(file.storageKey), storages.tempDir, Number.POSITIVE_INFINITY);
  const stored: string[] = [];
  try {
    const media = await describeMedia(spooled.path, { family, mimeType: file.mimeType, kind: file.kind });
    const thumbnailKey = media.thumbnail ? await putDerived(storage, media.thumbnail, `${file.name}.thumbnail.webp`) : null;
    if (thumbnailKey) stored.push(thumbnailKey);
    const coverKey = media.cover ? await putDerived(storage, media.cover, `${file.name}.cover.webp`) : null;
    if (coverKey) stored.push(coverKey);
    const updated = await markExtracted(deps.db, file, {
      width: media.width,
      height: media.height,
      durationSec: media.durationSec,
      audio: media.kind === "audio" ? media.audio : file.audio,
      thumbnailKey,
      coverKey,
    });
    // The old derived images are replaced; they go once the row no longer points at them.
    const replaced = [file.thumbnailKey, file.coverKey].filter((key): key is string => Boolean(key));
    await Promise.allSettled(replaced.map((key) => storage.delete(key)));
    return updated;
  } catch (error) {
    await Promise.allSettled(stored.map((key) => storage.delete(key)));
    throw error;
  } finally {
    await rm(spooled.path, { force: true });
  }
}

async function markExtracted(db: Executor, file: FileRow, changes: Partial<FileRow>): Promise<FileRow> {
  const [row] = await db
    .update(files)
    .set({ ...changes, metadataExtractedAt: new Date() })
    .where(eq(files.id, file.id))
    .returning();
  return row ?? file;
}

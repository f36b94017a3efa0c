// The one path every upload takes, whichever way it arrives (POST /api/files, or an upload
// UploadThing reports as complete): spool the bytes to a temporary file while counting and
// hashing them (never more than a stream buffer in memory), sniff the type, read the media
// details, store the file and its derived images, and record the row.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId } from "@/server/db/ids";
import type { Executor } from "@/server/db";
import { files } from "@/server/db/schema";
import type { FileRow } from "@/server/services/media/file-access";
import type { FileStorage } from "@/server/storage";
import { describeMedia } from "./media";
import { neutralName, sanitizeFileName } from "./names";
import { FileRefusal, tooLarge } from "./refusal";
import { sniffFile } from "./sniff";

export type Spooled = { path: string; size: number; sha256: string };

/** Writes `source` to a new file in `tempDir`; refuses (413) past `maxBytes`, leaving nothing behind. */
export async function spool(source: Readable, tempDir: string, maxBytes: number): Promise<Spooled> {
  await mkdir(tempDir, { recursive: true });
  const file = path.join(tempDir, `upload-${newId()}`);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(file, { flags: "wx" }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { path: file, size, sha256: hash.digest("hex") };
}

/**
 * Removes temporary files a crash or a kill left behind (an upload in flight is never this
 * old: the oldest allowed is an hour, far beyond any upload's life).
 */
export async function removeStaleSpools(tempDir: string, olderThanMs = 60 * 60 * 1000): Promise<number> {
  const names = await readdir(tempDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(tempDir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && Date.now() - info.mtimeMs > olderThanMs) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

export type StoreUpload = {
  db: Executor;
  storage: FileStorage;
  uploaderId: string;
  /** The name and Content-Type the client gave: claims to check, not facts. */
  name: string;
  declaredType: string | null;
  /** The bytes are already in `storage` under this key (an upload straight to UploadThing). */
  storedKey?: string;
};

/**
 * Checks and records a spooled upload; the temporary file is gone afterwards either way. On a
 * refusal (FileRefusal) nothing is recorded and nothing stays stored, not even `storedKey`.
 */
export async function storeUpload(spooled: Spooled, options: StoreUpload): Promise<FileRow> {
  const { storage } = options;
  const stored: string[] = options.storedKey ? [options.storedKey] : [];
  try {
    if (spooled.size === 0) throw new FileRefusal(400, "The file is empty. Choose a file with something in it.");
    const claimed = sanitizeFileName(options.name);
    const sniffed = await sniffFile(spooled.path, { name: claimed, declaredType: options.declaredType });
    const media = await describeMedia(spooled.path, sniffed);
    const name = neutralName(claimed, media.mimeType);
    const storageKey = options.storedKey ?? (await storage.putFile(spooled.path, { name, mimeType: media.mimeType }));
    stored.push(storageKey);
    const thumbnailKey = media.thumbnail ? await putDerived(storage, media.thumbnail, `${name}.thumbnail.webp`) : null;
    if (thumbnailKey) stored.push(thumbnailKey);
    const coverKey = media.cover ? await putDerived(storage, media.cover, `${name}.cover.webp`) : null;
    if (coverKey) stored.push(coverKey);
    const [row] = await options.db
      .insert(files)
      .values({
        uploaderId: options.uploaderId,
        name,
        mimeType: media.mimeType,
        kind: media.kind,
        size: spooled.size,
        sha256: spooled.sha256,
        storage: storage.kind,
        storageKey,
        thumbnailKey,
        coverKey,
        width: media.width,
        height: media.height,
        durationSec: media.durationSec,
        audio: media.audio,
        metadataExtractedAt: media.kind === "document" ? null : new Date(),
      })
      .returning();
    return row!;
  } catch (error) {
    await Promise.allSettled([...new Set(stored)].map((key) => storage.delete(key)));
    throw error;
  } finally {
    await rm(spooled.path, { force: true });
  }
}

export function putDerived(storage: FileStorage, bytes: Buffer, name: string): Promise<string> {
  return storage.put(Readable.from([bytes]), { name, mimeType: "image/webp" });
}

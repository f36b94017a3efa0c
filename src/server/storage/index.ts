// Which storage holds new uploads, and the drivers that read existing ones (a file keeps the
// driver it was stored with, so turning UploadThing on later does not orphan local files).
// One process-wide instance on globalThis, like the database: Next compiles its own module graph.
import path from "node:path";
import { env } from "@/env";
import { LocalDiskStorage } from "./local";
import type { FileStorage, StorageKind } from "./types";
import { type UploadThingOptions, UploadThingStorage } from "./uploadthing";

export type Storages = {
  /** Where new uploads go. */
  current: FileStorage;
  local: LocalDiskStorage;
  uploadthing: UploadThingStorage | null;
  /** Scratch space for uploads in flight, on the same disk as local files. */
  tempDir: string;
};

export function createStorages(options: {
  dataDir: string;
  uploadthing?: Omit<UploadThingOptions, "tempDir"> | null;
}): Storages {
  const tempDir = path.resolve(options.dataDir, "tmp");
  const local = new LocalDiskStorage(path.resolve(options.dataDir, "files"));
  const uploadthing = options.uploadthing ? new UploadThingStorage({ ...options.uploadthing, tempDir }) : null;
  return { current: uploadthing ?? local, local, uploadthing, tempDir };
}

/** The driver a stored file was written with. */
export function storageFor(storages: Storages, kind: StorageKind): FileStorage {
  if (kind === "local") return storages.local;
  if (!storages.uploadthing) throw new Error("A file is stored at UploadThing, but UPLOADTHING_TOKEN is not set");
  return storages.uploadthing;
}

const key = Symbol.for("relay.storages");
type Holder = { [key]?: Storages };

/** The process-wide storages, from the environment on first use. */
export function fileStorages(): Storages {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    const { DATA_DIR, UPLOADTHING_TOKEN } = env();
    holder[key] = createStorages({ dataDir: DATA_DIR, uploadthing: UPLOADTHING_TOKEN ? { token: UPLOADTHING_TOKEN } : null });
  }
  return holder[key];
}

export type { ByteRange, FileStorage, PutInfo, StorageKind } from "./types";
export { MissingObjectError } from "./types";

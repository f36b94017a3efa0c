// One interface for every place the bytes of uploaded files can live, so that the upload and
// download routes never know whether a file sits on this machine's disk or at UploadThing.
import type { Readable } from "node:stream";

export type StorageKind = "local" | "uploadthing";

/** Inclusive byte offsets, as in an HTTP Range. */
export type ByteRange = { start: number; end: number };

/** What a driver may use to label what it stores (UploadThing shows names and types). */
export type PutInfo = { name: string; mimeType: string };

export interface FileStorage {
  readonly kind: StorageKind;
  /** Stores the bytes of a stream; resolves with the new object's key. */
  put(source: Readable, info: PutInfo): Promise<string>;
  /**
   * Stores a finished file from this machine's disk and takes it over: afterwards the path
   * no longer exists (moved into place, or uploaded and removed).
   */
  putFile(path: string, info: PutInfo): Promise<string>;
  /** The object's bytes, or only `range` of them. Rejects with MissingObjectError. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size in bytes, or null when it does not exist. */
  size(key: string): Promise<number | null>;
  /** Removes the object; removing one that is gone is not an error. */
  delete(key: string): Promise<void>;
}

export class MissingObjectError extends Error {
  constructor(key: string) {
    super(`No stored object with key ${key}`);
  }
}

// Files on this machine's disk, under DATA_DIR/files: the default, and the one the tests use.
// Keys are generated here (never derived from a file's name), so no name can reach a path.
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId } from "@/server/db/ids";
import { type ByteRange, type FileStorage, MissingObjectError } from "./types";

const KEY_PATTERN = /^[a-z0-9]{16,40}$/;

export class LocalDiskStorage implements FileStorage {
  readonly kind = "local" as const;

  constructor(readonly root: string) {}

  /** Where a key's bytes live: `root/ab/abcdef…`, two letters of sharding. */
  pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new MissingObjectError(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(source: Readable): Promise<string> {
    const key = newId();
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const partial = `${target}.partial`;
    try {
      await pipeline(source, createWriteStream(partial, { flags: "wx" }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return key;
  }

  async putFile(from: string): Promise<string> {
    const key = newId();
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(from, target);
    } catch (error) {
      // Another file system (a temp dir elsewhere): copy, then remove the original.
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(from, target);
      await rm(from, { force: true });
    }
    return key;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
    // Surface a missing file as MissingObjectError before anything is sent.
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "ENOENT" ? new MissingObjectError(key) : error),
      );
    });
    return stream;
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if (error instanceof MissingObjectError || (error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!KEY_PATTERN.test(key)) return;
    await rm(this.pathOf(key), { force: true });
  }
}

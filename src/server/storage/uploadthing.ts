// Files at UploadThing (production storage when UPLOADTHING_TOKEN is set). Uploads from the
// server go through UTApi from a file on disk opened as a Blob, so a large file is streamed,
// never held in memory; reads fetch the file's signed URL and forward the byte range.
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { newId } from "@/server/db/ids";
import { UTApi, UTFile } from "uploadthing/server";
import { streamingFetch } from "./streaming-fetch";
import { type ByteRange, type FileStorage, MissingObjectError, type PutInfo } from "./types";

export type UploadThingOptions = {
  token: string;
  /** Where uploads from a stream are spooled before they are sent. */
  tempDir: string;
  /** Overrides of UploadThing's own hosts: a stand-in server in tests, or a special setup. */
  apiUrl?: string;
  ingestUrl?: string;
  ufsHost?: string;
  ufsAppIdLocation?: "subdomain" | "path";
};

/** The library's own settings: only those given (an undefined entry would hide its default). */
export function uploadThingConfig(options: Omit<UploadThingOptions, "tempDir">) {
  const { token, apiUrl, ingestUrl, ufsHost, ufsAppIdLocation } = options;
  return Object.fromEntries(
    Object.entries({ token, apiUrl, ingestUrl, ufsHost, ufsAppIdLocation }).filter(([, value]) => value !== undefined),
  ) as Pick<UploadThingOptions, "token" | "apiUrl" | "ingestUrl" | "ufsHost" | "ufsAppIdLocation">;
}

/** How long a URL made to read a file stays valid (it is used at once, server-side). */
const READ_URL_TTL_SECONDS = 300;

export class UploadThingStorage implements FileStorage {
  readonly kind = "uploadthing" as const;
  readonly api: UTApi;

  constructor(private readonly options: UploadThingOptions) {
    this.api = new UTApi({ ...uploadThingConfig(options), fetch: streamingFetch, logLevel: "Error" });
  }

  async put(source: Readable, info: PutInfo): Promise<string> {
    await mkdir(this.options.tempDir, { recursive: true });
    const spool = path.join(this.options.tempDir, `ut-${newId()}`);
    try {
      await pipeline(source, createWriteStream(spool, { flags: "wx" }));
      return await this.putFile(spool, info);
    } finally {
      await rm(spool, { force: true });
    }
  }

  async putFile(from: string, info: PutInfo): Promise<string> {
    try {
      const blob = await openAsBlob(from, { type: info.mimeType });
      // A Blob made of a file-backed Blob keeps pointing at the file: nothing is read yet.
      const file = new UTFile([blob], info.name, { type: info.mimeType });
      const result = await this.api.uploadFiles(file, { contentDisposition: "attachment" });
      if (result.error) throw new Error(`UploadThing refused the upload: ${result.error.message}`);
      return result.data.key;
    } finally {
      await rm(from, { force: true });
    }
  }

  /** A short-lived URL to the file (signed, so it works for private files too). */
  async urlOf(key: string): Promise<string> {
    const { ufsUrl } = await this.api.generateSignedURL(key, { expiresIn: READ_URL_TTL_SECONDS });
    return ufsUrl;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const response = await fetch(await this.urlOf(key), {
      headers: range ? { range: `bytes=${range.start}-${range.end}` } : {},
    });
    if (response.status === 404) {
      await response.body?.cancel();
      throw new MissingObjectError(key);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`UploadThing answered ${response.status} for a stored file`);
    }
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    // A host that ignores Range sends everything: cut the asked bytes out here.
    if (range && response.status !== 206) return body.pipe(sliceBytes(range));
    return body;
  }

  async size(key: string): Promise<number | null> {
    const response = await fetch(await this.urlOf(key), { method: "HEAD" });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`UploadThing answered ${response.status} for a stored file`);
    const length = Number(response.headers.get("content-length"));
    return Number.isFinite(length) ? length : null;
  }

  async delete(key: string): Promise<void> {
    await this.api.deleteFiles(key);
  }
}

/** Passes on only the bytes `range.start…range.end` of what flows through. */
function sliceBytes(range: ByteRange): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(range.start - offset, 0);
      const to = Math.min(range.end + 1 - offset, chunk.length);
      offset += chunk.length;
      done(null, to > from ? chunk.subarray(from, to) : undefined);
    },
  });
}

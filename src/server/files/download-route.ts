// GET/HEAD /api/files/:id, /api/files/:id/thumbnail and /api/files/:id/cover. Who may fetch a
// file is decided by findVisibleFile alone. Anonymous callers get 401 (without learning whether
// the file exists); signed-in callers who may not see it get 404, as if it did not exist.
// Responses never let a file act as a page of Relay: nosniff, a sandboxing CSP, and
// attachment for anything but images, sound and video (SVG always attachment).
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Database } from "@/server/db";
import { findVisibleFile } from "@/server/services/media/file-access";
import { MissingObjectError, type Storages, storageFor } from "@/server/storage";
import { log } from "@/server/log";
import { authenticateHeaders, matchesEtag, parseRange, sendJson } from "./http";
import { contentDisposition, neutralName } from "./names";

export type DownloadRouteOptions = { db: Database; storages: Storages };
export type FileVariant = "original" | "thumbnail" | "cover";

const CACHE_CONTROL = "private, max-age=3600";

export async function handleDownload(
  req: IncomingMessage,
  res: ServerResponse,
  options: DownloadRouteOptions,
  target: { fileId: string; variant: FileVariant; forceDownload: boolean },
) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendJson(res, 405, { error: "Files are fetched with GET or HEAD." }, { allow: "GET, HEAD" });
  }
  const user = await authenticateHeaders(options.db, req.headers);
  if (!user) return sendJson(res, 401, { error: "Sign in to see this file." });
  const file = await findVisibleFile(options.db, user.id, target.fileId);
  const key = file && { original: file.storageKey, thumbnail: file.thumbnailKey, cover: file.coverKey }[target.variant];
  if (!file || !key) return sendJson(res, 404, { error: "File not found." });

  const storage = storageFor(options.storages, file.storage);
  const original = target.variant === "original";
  const size = original ? file.size : await storage.size(key);
  if (size === null) return sendJson(res, 404, { error: "File not found." });
  const mimeType = original ? file.mimeType : "image/webp";
  const etag = `"${file.sha256}${original ? "" : `-${target.variant}`}"`;
  const shownInline = !target.forceDownload && isSafeInline(mimeType);

  const headers: Record<string, string> = {
    "content-type": mimeType,
    "content-disposition": contentDisposition(shownInline ? "inline" : "attachment", original ? neutralName(file.name, file.mimeType) : `${file.name}.webp`),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": CACHE_CONTROL,
    "last-modified": file.createdAt.toUTCString(),
    "accept-ranges": "bytes",
    etag,
  };
  if (matchesEtag(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }

  // If-Range: a range of a different version would be garbage; send it all instead.
  const ifRange = req.headers["if-range"];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, size);
  if (range === "unsatisfiable") {
    return sendJson(res, 416, { error: "The requested range is outside the file." }, { "content-range": `bytes */${size}` });
  }
  const status = range ? 206 : 200;
  if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
  headers["content-length"] = String(range ? range.end - range.start + 1 : size);

  if (req.method === "HEAD" || size === 0) {
    res.writeHead(status, headers);
    return void res.end();
  }
  let body;
  try {
    body = await storage.read(key, range ?? undefined);
  } catch (error) {
    if (error instanceof MissingObjectError) {
      log.warn(`The stored bytes of file ${file.id} are missing`);
      return sendJson(res, 404, { error: "File not found." });
    }
    throw error;
  }
  res.writeHead(status, headers);
  await pipeline(body, res).catch(() => {
    // The client went away mid-download (a seek in a video does that): nothing to report.
  });
}

/** Pictures, sound and video render inline; SVG can carry script, so it never does. */
function isSafeInline(mimeType: string): boolean {
  if (mimeType === "image/svg+xml") return false;
  return /^(image|audio|video)\//.test(mimeType);
}

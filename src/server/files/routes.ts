// The HTTP routes for files, served by the custom server (not Next) so that uploads stream from
// the Node request: POST /api/files, GET/HEAD /api/files/:id[/thumbnail|/cover], and
// /api/uploadthing when UploadThing is configured.
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";
import { uploadLimitBytes, uploadLimitFrom } from "@/lib/limits";
import type { Database } from "@/server/db";
import { fileStorages, type Storages } from "@/server/storage";
import { log } from "@/server/log";
import { CROSS_SITE_REFUSAL, isCrossSiteCookieRequest, type OriginPolicy, originPolicyFromEnv } from "@/server/http/origin";
import { type FileVariant, handleDownload } from "./download-route";
import { sendJson } from "./http";
import { removeStaleSpools } from "./ingest";
import { handleUpload } from "./upload-route";
import { createUploadThingRoute, type UploadThingRouteOptions } from "./uploadthing-route";

export type FileRoutesConfig = {
  storages: Storages;
  maxUploadBytes: number;
  /** Set when UploadThing is configured: its route at /api/uploadthing. */
  uploadthing: Pick<UploadThingRouteOptions, "token" | "callbackUrl" | "ingestUrl" | "isDev"> | null;
};

/** The configuration from the environment: DATA_DIR, MAX_UPLOAD_MB, UPLOADTHING_TOKEN, AUTH_URL. */
export function fileRoutesConfigFromEnv(): FileRoutesConfig {
  const config = env();
  const { UPLOADTHING_TOKEN, AUTH_URL } = config;
  return {
    storages: fileStorages(),
    maxUploadBytes: uploadLimitBytes(uploadLimitFrom(config)),
    uploadthing: UPLOADTHING_TOKEN
      ? { token: UPLOADTHING_TOKEN, callbackUrl: AUTH_URL ? new URL("/api/uploadthing", AUTH_URL).href : undefined }
      : null,
  };
}

const FILE_PATH = /^\/api\/files\/([A-Za-z0-9_-]{1,64})(?:\/(thumbnail|cover))?\/?$/;

/** `config` is read on the first request that needs it (tests give their own). */
export function createFileRoutes(db: Database, config: () => FileRoutesConfig, origins: () => OriginPolicy = originPolicyFromEnv) {
  let resolved: { config: FileRoutesConfig; uploadthing: ReturnType<typeof createUploadThingRoute> | null } | null = null;
  const settings = () => {
    if (!resolved) {
      const current = config();
      removeStaleSpools(current.storages.tempDir)
        .then((count) => count > 0 && log.info(`removed ${count} temporary upload file(s) left from an earlier run`))
        .catch((error: unknown) => log.warn("Could not clear old temporary upload files", error));
      const { uploadthing: ut } = current;
      const storages = current.storages;
      resolved = {
        config: current,
        uploadthing:
          ut && storages.uploadthing
            ? createUploadThingRoute({ db, storages: { ...storages, uploadthing: storages.uploadthing }, maxUploadBytes: current.maxUploadBytes, ...ut })
            : null,
      };
    }
    return resolved;
  };

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
    // Downloads stay open to links and embeds; what changes something must come from our pages.
    if (req.method !== "GET" && req.method !== "HEAD" && isCrossSiteCookieRequest(req.headers, origins())) {
      // The body is not read: the connection ends after the answer.
      sendJson(res, 403, { error: CROSS_SITE_REFUSAL }, { connection: "close" });
      return void res.once("finish", () => req.destroy());
    }
    if (url.pathname === "/api/uploadthing") {
      const route = settings().uploadthing;
      if (!route) return sendJson(res, 404, { error: "UploadThing is not configured on this server; upload with POST /api/files." });
      return route(req, res);
    }
    const { storages, maxUploadBytes } = settings().config;
    if (url.pathname === "/api/files" || url.pathname === "/api/files/") {
      if (req.method !== "POST") return sendJson(res, 405, { error: "Upload a file with POST." }, { allow: "POST" });
      return handleUpload(req, res, { db, storages, maxUploadBytes });
    }
    const match = FILE_PATH.exec(url.pathname);
    if (!match) return sendJson(res, 404, { error: "Not found" });
    const variant: FileVariant = (match[2] as FileVariant | undefined) ?? "original";
    return handleDownload(req, res, { db, storages }, { fileId: match[1]!, variant, forceDownload: url.searchParams.has("download") });
  }

  return {
    /** True when the request is for a file route (then it is answered here). */
    handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
      const { pathname } = url;
      if (pathname !== "/api/files" && !pathname.startsWith("/api/files/") && pathname !== "/api/uploadthing") return false;
      serve(req, res, url).catch((error: unknown) => {
        log.error(`${req.method ?? "?"} ${pathname} failed`, error);
        sendJson(res, 500, { error: "Something went wrong on the server. Try again in a moment." });
      });
      return true;
    },
  };
}

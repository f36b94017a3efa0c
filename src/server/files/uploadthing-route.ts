// /api/uploadthing: UploadThing's file router, for browsers that upload straight to UploadThing
// when it is configured. The caller must be signed in (checked here, then again by the
// router's middleware, which names the uploader); the size limit is the same as POST
// /api/files. When UploadThing reports an upload complete, the file is read back and goes
// through the same checks as any upload: a file whose bytes are refused is deleted at
// UploadThing and nothing is recorded.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createRouteHandler, createUploadthing, type FileRouter, UploadThingError } from "uploadthing/server";
import type { Database } from "@/server/db";
import { type FileView, toFileView } from "@/server/services/dto";
import type { Storages } from "@/server/storage";
import { uploadThingConfig, type UploadThingStorage } from "@/server/storage/uploadthing";
import { log } from "@/server/log";
import { authenticateHeaders, sendJson } from "./http";
import { spool, storeUpload } from "./ingest";
import { FileRefusal } from "./refusal";

export type UploadThingRouteOptions = {
  db: Database;
  storages: Storages & { uploadthing: UploadThingStorage };
  maxUploadBytes: number;
  token: string;
  /** Overrides: where UploadThing calls back (behind a proxy) and a stand-in ingest server. */
  callbackUrl?: string;
  ingestUrl?: string;
  /** Development mode: UploadThing streams its callbacks back through this server. */
  isDev?: boolean;
};

/** What the browser's `onClientUploadComplete` receives as `serverData`. */
export type UploadThingServerData = { file: FileView; error?: undefined } | { file?: undefined; error: string };

const MAX_JSON_BODY_BYTES = 256 * 1024;

export function relayFileRouter(options: UploadThingRouteOptions) {
  const { db, storages, maxUploadBytes } = options;
  const storage = storages.uploadthing;
  const f = createUploadthing();
  return {
    file: f({ blob: { maxFileSize: byteSize(maxUploadBytes), maxFileCount: 1 } }, { awaitServerData: true })
      .middleware(async ({ req }) => {
        const user = await authenticateHeaders(db, {
          authorization: req.headers.get("authorization") ?? undefined,
          cookie: req.headers.get("cookie") ?? undefined,
        });
        if (!user) throw new UploadThingError({ code: "FORBIDDEN", message: "Sign in to upload files." });
        return { uploaderId: user.id };
      })
      .onUploadComplete(async ({ metadata, file }): Promise<UploadThingServerData> => {
        try {
          const spooled = await spool(await storage.read(file.key), storages.tempDir, maxUploadBytes);
          const row = await storeUpload(spooled, {
            db,
            storage,
            uploaderId: metadata.uploaderId,
            name: file.name,
            declaredType: file.type,
            storedKey: file.key,
          });
          return { file: toFileView(row) };
        } catch (error) {
          await storage.delete(file.key).catch((cause: unknown) => log.warn("A refused upload could not be deleted at UploadThing", cause));
          if (error instanceof FileRefusal) return { error: error.message };
          log.error("An upload to UploadThing could not be recorded", error);
          return { error: "Relay could not store the file. Try again in a moment." };
        }
      }),
  } satisfies FileRouter;
}

/** Any "<n>B" works at run time; the library's type only lists powers of two. */
const byteSize = (bytes: number) => `${bytes}B` as "1024B";

export type RelayFileRouter = ReturnType<typeof relayFileRouter>;

export function createUploadThingRoute(options: UploadThingRouteOptions) {
  const handler = createRouteHandler({
    router: relayFileRouter(options),
    config: {
      ...uploadThingConfig({ token: options.token, ingestUrl: options.ingestUrl }),
      ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
      ...(options.isDev !== undefined ? { isDev: options.isDev } : {}),
      // A long-lived server: the work after a callback runs on after the answer to UploadThing.
      handleDaemonPromise: "void",
      logLevel: "Error",
    },
  });

  return async function handleUploadThing(req: IncomingMessage, res: ServerResponse) {
    if (Number(req.headers["content-length"]) > MAX_JSON_BODY_BYTES) {
      return sendJson(res, 413, { error: "This endpoint takes a small JSON request; the file itself goes to UploadThing." });
    }
    // A browser asking to upload must be signed in (401, as everywhere); UploadThing's own
    // callbacks carry a signature the handler checks instead.
    const isUploadRequest = req.method === "POST" && !req.headers["uploadthing-hook"];
    if (isUploadRequest && !(await authenticateHeaders(options.db, req.headers))) {
      return sendJson(res, 401, { error: "Sign in to upload files." });
    }
    const response = await handler(toWebRequest(req));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).pipe(res);
  };
}

function toWebRequest(req: IncomingMessage): Request {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Node streams a request body only in half-duplex mode.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

// POST /api/files: one file in the multipart field "file", streamed by busboy from the Node
// request to a temporary file and on into storage. An oversized upload is cut off as soon as
// it passes the limit (413, nothing kept). A client that sends `Expect: 100-continue` hears a
// refusal before it sends the body.
import type { IncomingMessage, ServerResponse } from "node:http";
import busboy from "busboy";
import type { Database } from "@/server/db";
import { toFileView } from "@/server/services/dto";
import type { Storages } from "@/server/storage";
import { log } from "@/server/log";
import { authenticateHeaders, sendJson } from "./http";
import { spool, storeUpload } from "./ingest";
import { FileRefusal, tooLarge } from "./refusal";
import { drainRefusedBody, expectsContinue } from "./refused-body";

export type UploadRouteOptions = { db: Database; storages: Storages; maxUploadBytes: number };

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export async function handleUpload(req: IncomingMessage, res: ServerResponse, options: UploadRouteOptions) {
  const { db, storages, maxUploadBytes } = options;
  let continued = false;
  const refuse = (status: number, error: string) => {
    if (expectsContinue(req) && !continued) {
      // The client waits for our word before sending the body: none is on its way, so the
      // connection can close right after the answer.
      return sendJson(res, status, { error }, { connection: "close" });
    }
    sendJson(res, status, { error });
    drainRefusedBody(req, maxUploadBytes + MULTIPART_OVERHEAD_BYTES);
  };

  const user = await authenticateHeaders(db, req.headers);
  if (!user) return refuse(401, "Sign in to upload files.");
  if (!/^multipart\/form-data/i.test(req.headers["content-type"] ?? "")) {
    return refuse(400, 'Send the file as multipart/form-data, in the field "file".');
  }
  const declaredLength = Number(req.headers["content-length"]);
  if (declaredLength > maxUploadBytes + MULTIPART_OVERHEAD_BYTES) return refuse(413, tooLarge(maxUploadBytes).message);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: "utf8",
      // One byte past the limit reaches the meter in spool(), which then refuses the upload.
      limits: { files: 1, fileSize: maxUploadBytes + 1, fields: 20, fieldSize: 64 * 1024, parts: 40 },
    });
  } catch {
    return refuse(400, 'Send the file as multipart/form-data, in the field "file".');
  }

  const outcome = new Promise<ReturnType<typeof toFileView>>((resolve, reject) => {
    let sawFile = false;
    parser.on("file", (field, stream, info) => {
      if (field !== "file" || sawFile) return void stream.resume();
      sawFile = true;
      spool(stream, storages.tempDir, maxUploadBytes)
        .then((spooled) =>
          storeUpload(spooled, {
            db,
            storage: storages.current,
            uploaderId: user.id,
            name: info.filename ?? "",
            declaredType: info.mimeType,
          }),
        )
        .then((row) => resolve(toFileView(row)), reject);
    });
    parser.on("error", () => reject(new FileRefusal(400, "The upload was cut short or was not a well-formed form. Try again.")));
    parser.on("close", () => {
      if (!sawFile) reject(new FileRefusal(400, 'Attach the file in the form field "file".'));
    });
  });

  if (expectsContinue(req)) {
    continued = true;
    res.writeContinue();
  }
  req.pipe(parser);
  try {
    const view = await outcome;
    sendJson(res, 201, view, { location: view.url });
  } catch (error) {
    req.unpipe(parser);
    if (error instanceof FileRefusal) return refuse(error.status, error.message);
    log.error("An upload could not be stored", error);
    refuse(500, "Relay could not store the file. Try again in a moment.");
  }
}

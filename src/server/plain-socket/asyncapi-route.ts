// GET /api/docs/asyncapi: the plain WebSocket's AsyncAPI document, as JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import { asyncApiDocument } from "./asyncapi";

export const ASYNCAPI_PATH = "/api/docs/asyncapi";

let text: string | null = null;

export function serveAsyncApi(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" }).end(JSON.stringify({ error: "Use GET" }));
    return;
  }
  text ??= JSON.stringify(asyncApiDocument());
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : text);
}

// A fetch for UTApi that streams multipart uploads. Node 20's built-in fetch reads a request
// body (FormData or a stream) far ahead of the socket, so a 100 MB upload to UploadThing grew
// the process by about as much (bench/upload-memory.ts). Requests with a FormData body are
// therefore sent with node:http, the form encoded here and its files streamed with
// backpressure; every other request goes to the built-in fetch unchanged.
import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export const streamingFetch: typeof fetch = async (input, init) => {
  if (!(init?.body instanceof FormData)) return fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const { parts, boundary, length } = encodeForm(init.body);
  const headers = Object.fromEntries(new Headers(init.headers));
  headers["content-type"] = `multipart/form-data; boundary=${boundary}`;
  headers["content-length"] = String(length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;

  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: init.method ?? "POST", headers, signal: init.signal ?? undefined });
    req.once("response", (res) => resolve(toResponse(res)));
    req.once("error", reject);
    pipeline(Readable.from(streamParts(parts)), req).catch(reject);
  });
};

type Part = Buffer | Blob;

/** multipart/form-data as in the HTML standard: quotes and line breaks in names percent-encoded. */
function encodeForm(form: FormData): { parts: Part[]; boundary: string; length: number } {
  const boundary = `----RelayFormBoundary${randomBytes(12).toString("hex")}`;
  const escape = (name: string) => name.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
  const parts: Part[] = [];
  for (const [name, value] of form) {
    if (typeof value === "string") {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`));
    } else {
      const type = value.type || "application/octet-stream";
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"; filename="${escape(value.name)}"\r\nContent-Type: ${type}\r\n\r\n`),
        value,
        Buffer.from("\r\n"),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const length = parts.reduce((sum, part) => sum + (Buffer.isBuffer(part) ? part.length : part.size), 0);
  return { parts, boundary, length };
}

async function* streamParts(parts: Part[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) yield part;
    else yield* Readable.fromWeb(part.stream() as WebReadableStream<Uint8Array>);
  }
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = res.statusCode ?? 502;
  const empty = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (empty) res.resume();
  const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage, headers });
}

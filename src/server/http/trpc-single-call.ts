// One unbatched tRPC mutation over HTTP (what `httpLink` sends: POST /api/trpc/<path> with a
// JSON body), answered straight from Node's request and response. tRPC's Node adapter turns
// every request into a Fetch Request (Headers, a web stream for the body, AbortControllers)
// and its answer back out of a Response; for a message send that was about a sixth of the
// server's CPU (bench/README.md). This takes the same steps, with tRPC's own functions, for
// that one common shape, so the answer is the adapter's to the byte (trpc-single-call.test.ts
// sends the same calls both ways); any other request (a batch, a query, a subscription, a
// streaming accept header, another content type) goes to the adapter.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TRPCRequestInfo } from "@trpc/server/http";
import {
  type AnyProcedure,
  type AnyRouter,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
} from "@trpc/server/unstable-core-do-not-import";

type Options<TContext> = {
  router: AnyRouter;
  maxBodySize: number;
  createContext: (opts: { req: IncomingMessage; info: TRPCRequestInfo }) => Promise<TContext>;
  responseMeta: (opts: { errors: readonly TRPCError[] }) => { headers?: Record<string, string> };
  onError: (opts: { error: TRPCError; path: string }) => void;
};

/** The handler, or a refusal to handle (false) that leaves the request to tRPC's adapter. */
export function singleCallHandler<TContext>(options: Options<TContext>) {
  const procedures = options.router._def.procedures as Record<string, AnyProcedure | undefined>;
  // `path` as it stands in the URL: procedure paths are words and dots, so one with anything
  // percent-encoded names no procedure here and goes to the adapter, which decodes it.
  return (req: IncomingMessage, res: ServerResponse, path: string, search: string): boolean => {
    if (req.method !== "POST" || search !== "" || req.headers["trpc-accept"] !== undefined) return false;
    if (!isJson(req.headers["content-type"])) return false;
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure?._def.type !== "mutation") return false;
    void answer(options, req, res, path, procedure);
    return true;
  };
}

/** As tRPC matches it: the media type, case-insensitive, without parameters. */
function isJson(contentType: string | undefined) {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

async function answer<TContext>(options: Options<TContext>, req: IncomingMessage, res: ServerResponse, path: string, procedure: AnyProcedure) {
  const config = options.router._def._config;
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const body = readBody(req, options.maxBodySize);
  body.catch(() => undefined); // a refusal is answered through getRawInput, or not at all
  let input: unknown;
  let inputRead = false;
  const getRawInput = async () => {
    if (!inputRead) {
      input = parseInput(await body, config.transformer.input.deserialize);
      inputRead = true;
    }
    return input;
  };
  const info: TRPCRequestInfo = {
    isBatchCall: false,
    accept: null,
    calls: [{ path, procedure, batchIndex: 0, getRawInput, result: () => (inputRead ? input : undefined) }],
    type: "mutation",
    connectionParams: null,
    signal: abort.signal,
    url: null,
  };

  let ctx: TContext | undefined;
  let response: { result: { data: unknown } } | { error: unknown };
  let error: TRPCError | null = null;
  try {
    ctx = await options.createContext({ req, info });
    const data: unknown = await procedure({ path, getRawInput, ctx, type: "mutation", signal: abort.signal, batchIndex: 0 });
    response = { result: { data } };
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path });
    response = { error: getErrorShape({ config, ctx, error, input: info.calls[0]!.result(), path, type: "mutation" }) };
  }
  const meta = options.responseMeta({ errors: error ? [error] : [] });
  res.statusCode = getHTTPStatusCode([response] as Parameters<typeof getHTTPStatusCode>[0]);
  res.setHeader("vary", "trpc-accept, accept");
  res.setHeader("content-type", "application/json");
  for (const [key, value] of Object.entries(meta.headers ?? {})) res.setHeader(key, value);
  res.end(JSON.stringify(transformTRPCResponse(config, response as Parameters<typeof transformTRPCResponse>[1])));
}

function parseInput(text: string, deserialize: (value: unknown) => unknown): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
  }
  return deserialize(json);
}

/** The body as text, refused past `limit` bytes as tRPC refuses it. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new TRPCError({ code: "PAYLOAD_TOO_LARGE" }));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
    req.once("error", reject);
  });
}

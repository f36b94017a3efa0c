// The REST API under /api/v1: each route of api/rest-meta.ts calls its procedure through the
// router's caller with the request's own context, so authentication, authorization, rate
// limits, input validation and output schemas are exactly those of /api/trpc. Queries and
// DELETE take their input as query parameters (coerced to the input schema's numbers and
// booleans), the other methods as a JSON body; `{name}` path segments fill input fields.
// Answers are plain JSON; errors are `{ message, code, fieldErrors }` with tRPC's code and its
// HTTP status, never a stack.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getErrorShape, type TRPCRequestInfo } from "@trpc/server/unstable-core-do-not-import";
import { z } from "zod";
import { appRouter, createCaller } from "@/server/api/root";
import { restRoutes, type RestMethod, type RestProcedure } from "@/server/api/rest-meta";
import { logProcedureError } from "@/server/api/failures";
import type { Context } from "@/server/api/trpc";
import { retryAfterSeconds } from "@/server/rate-limit/refusal";

export const REST_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1024 * 1024;

type Segment = { literal: string } | { param: string };
type CompiledRoute = { name: RestProcedure; method: RestMethod; segments: Segment[]; literals: number };
type AnyProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[] } };

/** What a route's procedure needs from the transport: its context (token, limits, client). */
export type RestContextFactory = (req: IncomingMessage, info: TRPCRequestInfo) => Promise<Context>;

const compiled: CompiledRoute[] = Object.entries(restRoutes).map(([name, route]) => {
  const segments = route.path
    .split("/")
    .slice(1)
    .map((part): Segment => (part.startsWith("{") ? { param: part.slice(1, -1) } : { literal: part }));
  return { name: name as RestProcedure, method: route.method, segments, literals: segments.filter((s) => "literal" in s).length };
});

/** The routes a path names: those with the most literal segments (`/chats/stats` before `/chats/{chatId}`). */
function routesFor(parts: string[]) {
  const found: { route: CompiledRoute; params: Record<string, string> }[] = [];
  for (const route of compiled) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => ("literal" in segment ? segment.literal === parts[i] : ((params[segment.param] = parts[i]!), true)));
    if (fits) found.push({ route, params });
  }
  // A concrete path wins over a templated one: /messages/send is never message "send".
  const most = Math.max(...found.map((f) => f.route.literals));
  return found.filter((f) => f.route.literals === most);
}

class RestRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createRestHandler(createContext: RestContextFactory) {
  return async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let name: RestProcedure | null = null;
    let type: "query" | "mutation" = "query";
    let ctx: Context | undefined;
    let input: unknown;
    try {
      const parts = pathParts(url.pathname.slice(REST_PREFIX.length));
      const matches = routesFor(parts);
      if (matches.length === 0) throw new RestRefusal(404, "NOT_FOUND", "No such API route");
      const method = req.method === "HEAD" ? "GET" : req.method;
      const match = matches.find((m) => m.route.method === method);
      if (!match) {
        res.setHeader("allow", [...new Set(matches.map((m) => m.route.method))].join(", "));
        throw new RestRefusal(405, "METHOD_NOT_SUPPORTED", `Use ${matches.map((m) => m.route.method).join(" or ")} here`);
      }
      name = match.route.name;
      const procedure = (appRouter._def.procedures as unknown as Record<string, AnyProcedure>)[name]!;
      type = procedure._def.type === "mutation" ? "mutation" : "query";
      const [inputSchema] = procedure._def.inputs;
      const fromQuery = match.route.method === "GET" || match.route.method === "DELETE";
      const given = fromQuery ? queryInput(url.searchParams, inputSchema) : await bodyInput(req);
      input = inputSchema ? { ...given, ...match.params } : undefined;
      ctx = await createContext(req, { calls: [{ path: name, procedure }] } as unknown as TRPCRequestInfo);
      const caller = createCaller(ctx, { onError: ({ error, path }) => logProcedureError("REST", path, error) });
      const call = name.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
      const result = await call(input);
      sendJson(res, 200, result ?? null);
    } catch (cause) {
      if (cause instanceof RestRefusal) return sendJson(res, cause.status, { message: cause.message, code: cause.code, fieldErrors: null });
      const error = cause instanceof TRPCError ? cause : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause });
      if (!(cause instanceof TRPCError)) logProcedureError("REST", name ?? url.pathname, error);
      const shape = getErrorShape({ config: appRouter._def._config, error, type, path: name ?? undefined, input, ctx });
      const data = shape.data as { code: string; fieldErrors?: unknown; requestId?: string | null };
      const wait = retryAfterSeconds(error);
      sendJson(
        res,
        getHTTPStatusCodeFromError(error),
        { message: shape.message, code: data.code, fieldErrors: data.fieldErrors ?? null, ...(data.requestId ? { requestId: data.requestId } : {}), ...(wait ? { retryAfterSeconds: wait } : {}) },
        wait ? { "retry-after": String(wait) } : {},
      );
    }
  };
}

/** The path's segments, decoded; a malformed escape (`%zz`) or an encoded slash is refused. */
function pathParts(path: string): string[] {
  const raw = path.replace(/\/+$/, "").split("/").slice(1);
  return raw.map((part) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      throw new RestRefusal(400, "BAD_REQUEST", "The address has a malformed %-escape");
    }
    if (decoded === "" || decoded.includes("/")) throw new RestRefusal(404, "NOT_FOUND", "No such API route");
    return decoded;
  });
}

/** Query parameters as the input schema's fields: numbers, booleans and repeated (array) ones converted. */
function queryInput(params: URLSearchParams, schema: z.ZodType | undefined): Record<string, unknown> {
  const shape = schema ? objectShape(schema) : {};
  const input: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const field = shape[key] ? fieldType(shape[key]) : "string";
    const values = params.getAll(key);
    if (field === "array") input[key] = values;
    else input[key] = convert(values[values.length - 1]!, field);
  }
  return input;
}

function convert(value: string, type: string): unknown {
  if (type === "number") return value.trim() === "" ? value : Number(value);
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type === "null" && value === "null") return null;
  return value;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; getter?: () => z.ZodType; shape?: Record<string, z.ZodType>; options?: z.ZodType[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object's fields, through the wrappers tRPC inputs use (default, prefault, optional). */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(schema);
  if (def.type === "object") return def.shape ?? {};
  const inner = def.innerType ?? def.in;
  return inner ? objectShape(inner) : {};
}

function fieldType(schema: z.ZodType): string {
  const def = defOf(schema);
  if (def.innerType) return fieldType(def.innerType);
  if (def.type === "pipe" && def.in) return fieldType(def.in);
  if (def.type === "number" || def.type === "int" || def.type === "bigint") return "number";
  return def.type;
}

async function bodyInput(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than 1 MB" });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RestRefusal(400, "BAD_REQUEST", "The request body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new RestRefusal(400, "BAD_REQUEST", "The request body must be a JSON object");
  return body as Record<string, unknown>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}

/**
 * The tRPC backbone: the request context, the procedure builders and the one error formatter.
 *
 * Every transport (HTTP, WebSocket, in-process callers and tests) builds the same context:
 * the database, the event bus, the registry of open WebSockets (for admins to close) and the
 * signed-in user, if any. Authentication happens once
 * here; `protectedProcedure` only refuses anonymous callers. An unexpected failure answers
 * "Something went wrong" with a request id the server log also carries (see failures.ts).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { ConnectionRegistry } from "@/server/connections";
import type { Database } from "@/server/db";
import type { EventBus } from "@/server/events/bus";
import { frameTransformer } from "@/server/events/frames";
import type { StreamSocket } from "@/server/events/stream";
import type { RateLimits } from "@/server/rate-limit/limits";
import { limitCall } from "@/server/rate-limit/middleware";
import { retryAfterSeconds } from "@/server/rate-limit/refusal";
import type { Storages } from "@/server/storage";
import { authenticate, type SessionUser } from "@/server/services/accounts/users";
import { isUnexpected, requestIdOf, SOMETHING_WENT_WRONG } from "./failures";

export type Context = {
  db: Database;
  bus: EventBus;
  connections: ConnectionRegistry;
  user: SessionUser | null;
  /** Where file bytes live; the process-wide storages (fileStorages()) when absent. */
  storages?: Storages;
  /** What the transport knows of the caller (HTTP and WebSocket); absent for in-process callers. */
  client?: { address?: string | null; userAgent?: string };
  /** The request limits; set by the HTTP and WebSocket transports, absent in-process (not limited). */
  limits?: RateLimits;
  /** The WebSocket a subscription runs on (its buffers, pings and close); absent elsewhere. */
  socket?: StreamSocket;
};

type ContextDeps = Omit<Context, "user">;

/** Builds a context from a raw token (from a header, a cookie or WebSocket connection params). */
export async function createContextFromToken(deps: ContextDeps, token: string | null): Promise<Context> {
  return { ...deps, user: await authenticate(deps.db, token) };
}

const t = initTRPC.context<Context>().create({
  // superjson, with a live event serialised once for all of its recipients (see frames.ts).
  transformer: frameTransformer,
  errorFormatter({ shape, error }) {
    if (isUnexpected(error)) {
      // Never the cause's message: it may be a failed query with its parameters.
      return {
        ...shape,
        message: SOMETHING_WENT_WRONG,
        data: {
          ...shape.data,
          stack: undefined,
          fieldErrors: null,
          requestId: requestIdOf(error) as string | null,
          retryAfterSeconds: null as number | null,
        },
      };
    }
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zodError ? zodError.issues.map((i) => i.message).join("; ") : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
        requestId: null as string | null,
        // TOO_MANY_REQUESTS: how long until a new try can succeed (also the HTTP Retry-After).
        retryAfterSeconds: retryAfterSeconds(error),
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure;

/** Signed-in callers only; `ctx.user` is non-null inside. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, user: ctx.user } });
}).use(async ({ ctx, type, path, next }) => {
  await limitCall({ ctx, type, path });
  return next();
});

/** Admins only: anonymous → UNAUTHORIZED, everyone else → FORBIDDEN. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next({ ctx });
});

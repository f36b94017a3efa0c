// Unexpected failures (a database outage, a bug): the caller learns only that something went
// wrong and an id to quote; the server log carries the same id beside what happened. Nothing
// of the cause reaches the caller: a failed query's message holds its SQL and parameters
// (a password hash at registration, session and user ids elsewhere).
import { randomBytes } from "node:crypto";
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { log } from "@/server/log";

export const SOMETHING_WENT_WRONG = "Something went wrong";

/**
 * Deliberate refusals are TRPCErrors a procedure threw with a code and a sentence of its own.
 * Anything else is unexpected: tRPC wraps every other error as INTERNAL_SERVER_ERROR, and a
 * TRPCError built without a message borrows its cause's (only tRPC's own JSON parse errors and
 * input validation do that on purpose).
 */
export function isUnexpected(error: TRPCError): boolean {
  if (error.code === "INTERNAL_SERVER_ERROR") return true;
  const cause = error.cause;
  const borrowed = cause instanceof Error && error.message === cause.message;
  return borrowed && !(cause instanceof ZodError) && !(cause instanceof SyntaxError);
}

// The formatter (the answer) and onError (the log) see the same error object in every
// transport, in either order: the id lives with the error, made by whichever asks first.
const requestIds = new WeakMap<TRPCError, string>();

export function requestIdOf(error: TRPCError): string {
  let id = requestIds.get(error);
  if (!id) {
    id = randomBytes(8).toString("hex");
    requestIds.set(error, id);
  }
  return id;
}

/** The onError of every transport (HTTP, WebSocket, server-side callers): logs unexpected failures. */
export function logProcedureError(transport: string, path: string | undefined, error: TRPCError) {
  if (!isUnexpected(error)) return;
  log.error(`${transport} ${path ?? "?"} failed (request ${requestIdOf(error)})`, error.cause ?? error);
}

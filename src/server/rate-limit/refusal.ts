// How a limit says no: TOO_MANY_REQUESTS (HTTP 429) with a sentence that names the wait, and
// the wait in seconds on the error's cause, for the Retry-After header and for clients.
import { TRPCError } from "@trpc/server";

/** The cause of a TOO_MANY_REQUESTS refusal: how long until a new try can succeed. */
export class RetryLater extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Retry after ${retryAfterSeconds} s`);
    this.name = "RetryLater";
  }
}

export function secondsToWait(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/** "Too many messages — try again in 7 s". */
export function tooManyRequests(what: string, msBeforeNext: number): TRPCError {
  const seconds = secondsToWait(msBeforeNext);
  return new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `Too many ${what} — try again in ${seconds} s`,
    cause: new RetryLater(seconds),
  });
}

/** The seconds a refusal asks the caller to wait, or null for any other error. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof TRPCError) || error.code !== "TOO_MANY_REQUESTS") return null;
  return error.cause instanceof RetryLater ? error.cause.retryAfterSeconds : null;
}

/** tRPC's responseMeta for HTTP: a refused call (or batch) carries Retry-After. */
export function retryAfterHeader({ errors }: { errors: readonly TRPCError[] }): { headers?: Record<string, string> } {
  const waits = errors.map(retryAfterSeconds).filter((s): s is number => s !== null);
  return waits.length ? { headers: { "retry-after": String(Math.max(...waits)) } } : {};
}

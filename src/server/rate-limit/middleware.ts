// The per-user call budgets as a tRPC middleware body: `protectedProcedure` runs it after the
// auth check. Subscriptions are not counted (a socket's frames are, in frames.ts).
import type { RateLimits } from "./limits";
import { callKind } from "./limits";

type CallInfo = {
  ctx: { limits?: RateLimits; user: { id: string; sessionId: string } };
  type: "query" | "mutation" | "subscription";
  path: string;
};

/** Throws TOO_MANY_REQUESTS when this user is past the budget for this kind of call. */
export async function limitCall({ ctx, type, path }: CallInfo): Promise<void> {
  const kind = callKind(type, path);
  if (ctx.limits && kind) await ctx.limits.call(ctx.user, kind);
}

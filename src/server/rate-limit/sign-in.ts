// The sign-in and registration limits around auth.login and auth.register (the browser's
// next-auth sign-in calls `limits.signIn` itself, in auth/config.ts).
import { TRPCError } from "@trpc/server";
import type { RateLimits } from "./limits";

type Caller = { limits?: RateLimits; client?: { address?: string | null } };

/** Runs a login that throws UNAUTHORIZED for wrong credentials, counting those failures. */
export async function limitedLogin<T>(ctx: Caller, username: string, login: () => Promise<T>): Promise<T> {
  if (!ctx.limits) return login();
  let wrong: TRPCError | null = null;
  const outcome = await ctx.limits.signIn({ username, address: ctx.client?.address ?? null }, async () => {
    try {
      return { value: await login() };
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== "UNAUTHORIZED") throw error;
      wrong = error;
      return null;
    }
  });
  if (!outcome) throw wrong ?? new TRPCError({ code: "UNAUTHORIZED" });
  return outcome.value;
}

/** Counts a registration from the caller's address before it runs. */
export async function limitedRegistration<T>(ctx: Caller, register: () => Promise<T>): Promise<T> {
  await ctx.limits?.registration(ctx.client?.address ?? null);
  return register();
}

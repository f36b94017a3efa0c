// Refuses an HTTP request before its token is looked up in the database when its session was
// refused these very calls a moment ago (see recent-refusals.ts). Only the token's signature
// is checked here; anything else goes on to the normal context and middleware.
// The refusal is held back up to a second: a client that waits for its answers (as HTTP
// clients do, a few requests per connection) then floods at a few calls a second, where an
// instant refusal would let it run as fast as the server can answer.
import type { TRPCRequestInfo } from "@trpc/server/http";
import { readToken } from "@/server/auth/token";
import { CALL_WORDS, callKind, type CallKind } from "./kinds";
import type { RateLimits } from "./limits";
import { tooManyRequests } from "./refusal";

const HOLD_MS = 1_000;

export async function refuseEarly(limits: RateLimits, token: string | null, info: TRPCRequestInfo | undefined): Promise<void> {
  if (!token || !info || limits.recent.empty) return;
  const kinds: CallKind[] = [];
  for (const call of info.calls) {
    const kind = call.procedure ? callKind(call.procedure._def.type, call.path) : null;
    if (!kind) return;
    kinds.push(kind);
  }
  const sessionId = limits.recent.sessionOf(token) ?? (await readToken(token))?.sid;
  if (!sessionId) return;
  const wait = limits.recent.waitFor(sessionId, kinds);
  if (wait === 0) return;
  limits.recent.rememberToken(token, sessionId);
  const held = Math.min(wait, HOLD_MS);
  await new Promise((resolve) => setTimeout(resolve, held));
  const words = new Set(kinds.map((kind) => CALL_WORDS[kind]));
  throw tooManyRequests(words.size === 1 ? [...words][0]! : "requests", Math.max(1, wait - held));
}

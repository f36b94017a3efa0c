// Calls when things go wrong: a party whose last connection dropped gets a grace period to come
// back (a network blip must not end a call; WebRTC media does not even pass through us), the
// server ends answered calls before it stops, and what a stopped or crashed instance left
// behind (ringing calls past their time, calls a party left) is picked up by the sweep of
// stale calls (sweep.ts), which every instance runs from its start and one at a time does.
import { and, inArray, or, eq } from "drizzle-orm";
import { calls } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import { log } from "@/server/log";
import { abandonCall } from "@/server/services/calls/lifecycle";
import { callRuntime, clearCallTimers } from "@/server/services/calls/runtime";
import { keepSweeping } from "@/server/services/calls/sweep";
import { arm, disarm } from "@/server/services/timers";

/**
 * Called by the WebSocket server once it knows who is connected: from then on `isOnline`
 * decides whether a party is still there, and stale calls are swept until shutdown.
 * Resolves once the first sweep is done.
 */
export async function superviseCalls(deps: ServiceDeps, isOnline: (userId: string) => boolean): Promise<void> {
  const runtime = callRuntime(deps.bus);
  runtime.isOnline = isOnline;
  runtime.stopped = false;
  await keepSweeping(deps);
}

/**
 * A user's connection closed. If it was their last one, their calls end after the grace period
 * unless they are back by then; a reconnect in the meantime keeps the call.
 */
export function partyDisconnected(deps: ServiceDeps, userId: string): void {
  const runtime = callRuntime(deps.bus);
  if (runtime.stopped || !runtime.isOnline || runtime.isOnline(userId)) return;
  arm(runtime.graceTimers, userId, runtime.graceMs, () => {
    if (runtime.stopped || runtime.isOnline?.(userId)) return;
    endCallsOf(deps, userId).catch((error) => log.warn("Could not end the calls of a disconnected person", error));
  });
}

/** A user's connection opened: they are back in time. */
export function partyConnected(deps: ServiceDeps, userId: string): void {
  disarm(callRuntime(deps.bus).graceTimers, userId);
}

async function endCallsOf(deps: ServiceDeps, userId: string): Promise<void> {
  const live = await deps.db
    .select({ id: calls.id })
    .from(calls)
    .where(and(or(eq(calls.initiatorId, userId), eq(calls.calleeId, userId)), inArray(calls.status, ["ringing", "active"])));
  for (const { id } of live) await abandonCall(deps, id, userId);
}

/**
 * The server is stopping: the answered calls it looks after (a party connected here, or
 * awaited here in a grace period) end now, so both parties hear it before their sockets close.
 * Ringing calls are left to ring on after a restart (or to be missed by a sweep). Closing
 * connections from here on do not start grace periods, and this instance sweeps no more.
 */
export async function endCallsForShutdown(deps: ServiceDeps): Promise<number> {
  const runtime = callRuntime(deps.bus);
  const awaited = new Set(runtime.graceTimers.keys());
  const isOnline = runtime.isOnline;
  const ours = (userId: string) => awaited.has(userId) || (isOnline?.(userId) ?? true);
  runtime.stopped = true;
  clearCallTimers(deps.bus);
  const active = await deps.db
    .select({ id: calls.id, initiatorId: calls.initiatorId, calleeId: calls.calleeId })
    .from(calls)
    .where(eq(calls.status, "active"));
  let ended = 0;
  for (const call of active) {
    if (!ours(call.initiatorId) && !ours(call.calleeId)) continue;
    if (await abandonCall(deps, call.id, null)) ended += 1;
  }
  // A moment for the live streams to send call:ended before their sockets close (a client that
  // still misses it gets it when it resumes).
  if (ended > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  return ended;
}

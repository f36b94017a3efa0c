// The sweep of stale calls: what lost timers would have done. Each instance arms the timers of
// the calls it starts and of the parties whose connection to it dropped (lifecycle.ts,
// faults.ts); an instance that stops or dies takes them along. So every instance also sweeps,
// at start, at the next deadline it knows of and at least every `sweepMs`, and the sweep is
// a job claimed in the database (jobs/claim.ts): one instance at a time ends, one call per
// transaction and under the call's row lock,
// - ringing calls whose ring time is up (missed), and
// - live calls a party left: recorded offline since after the call began, for longer than
//   the grace period (someone who was already offline when called did not leave: the call
//   rings on for its ring time).
// Presence is read from the users' rows, the record every instance keeps.
import { and, eq, gte, inArray, lte, min, or } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { calls, users } from "@/server/db/schema";
import type { Emit } from "@/server/events/log";
import { runClaimedWithEvents } from "@/server/jobs/claim";
import { log } from "@/server/log";
import { finishCall, statusOnLeaving } from "@/server/services/calls/lifecycle";
import { callRuntime } from "@/server/services/calls/runtime";
import type { ServiceDeps } from "@/server/services/deps";
import { disarm } from "@/server/services/timers";

const SWEEP_JOB = "calls:sweep";
const LIVE = ["ringing", "active"] as const;
// A sweep set for a deadline runs a moment after it, so that the deadline has surely passed;
// and never sooner than this after the last one (a stale call someone is acting on is skipped).
const DEADLINE_MARGIN_MS = 20;
const MIN_GAP_MS = 50;

type Step = { ended: string } | { nextDueAt: Date | null };
export type SweepOutcome = { ended: number; nextDueAt: Date | null };

/**
 * Ends every stale call there is, and says when the next one falls due (null: none is live).
 * Null when another instance is sweeping: it does the work instead.
 */
export async function sweepStaleCalls(deps: ServiceDeps): Promise<SweepOutcome | null> {
  let ended = 0;
  for (;;) {
    const step = await runClaimedWithEvents(deps, SWEEP_JOB, (tx, emit) => sweepStep(deps, tx, emit));
    if (!step.ran) return null;
    if ("nextDueAt" in step.value) return { ended, nextDueAt: step.value.nextDueAt };
    disarm(callRuntime(deps.bus).ringTimers, step.value.ended);
    ended += 1;
  }
}

/** Sweeps now and then on, until the bus's call timers are cleared (shutdown). Resolves after the first sweep. */
export function keepSweeping(deps: ServiceDeps): Promise<void> {
  const runtime = callRuntime(deps.bus);
  if (runtime.sweeper?.timer) clearTimeout(runtime.sweeper.timer);
  const sweeper: { timer: NodeJS.Timeout | null } = { timer: null };
  runtime.sweeper = sweeper;
  const round = async () => {
    sweeper.timer = null;
    let wait = runtime.sweepMs;
    try {
      const outcome = await sweepStaleCalls(deps);
      if (outcome?.nextDueAt) wait = Math.min(wait, outcome.nextDueAt.getTime() - Date.now() + DEADLINE_MARGIN_MS);
    } catch (error) {
      log.warn("Could not sweep stale calls", error);
    }
    if (runtime.sweeper !== sweeper || runtime.stopped) return;
    sweeper.timer = setTimeout(() => void round(), Math.max(MIN_GAP_MS, wait));
    sweeper.timer.unref();
  };
  return round();
}

/** Ends one stale call (the id), or, with none left, finds when the next one falls due. */
async function sweepStep(deps: ServiceDeps, tx: Executor, emit: Emit): Promise<Step> {
  const { ringMs, graceMs } = callRuntime(deps.bus);
  const now = Date.now();
  // SKIP LOCKED: a call someone is answering or ending right now is theirs to settle; if it is
  // still stale afterwards, the next sweep (due at once) takes it.
  const [unanswered] = await tx
    .select()
    .from(calls)
    .where(and(eq(calls.status, "ringing"), lte(calls.createdAt, new Date(now - ringMs))))
    .limit(1)
    .for("update", { skipLocked: true });
  if (unanswered) {
    await finishCall(tx, emit, unanswered, "missed");
    return { ended: unanswered.id };
  }

  const partyOfCall = or(eq(users.id, calls.initiatorId), eq(users.id, calls.calleeId));
  const leftTheCall = and(inArray(calls.status, LIVE), eq(users.online, false), gte(users.lastSeenAt, calls.createdAt));
  const [left] = await tx
    .select({ call: calls, leaverId: users.id })
    .from(calls)
    .innerJoin(users, partyOfCall)
    .where(and(leftTheCall, lte(users.lastSeenAt, new Date(now - graceMs))))
    .limit(1)
    .for("update", { of: calls, skipLocked: true });
  if (left) {
    await finishCall(tx, emit, left.call, statusOnLeaving(left.call, left.leaverId));
    return { ended: left.call.id };
  }

  const [ringing] = await tx.select({ since: min(calls.createdAt) }).from(calls).where(eq(calls.status, "ringing"));
  const [away] = await tx.select({ since: min(users.lastSeenAt) }).from(calls).innerJoin(users, partyOfCall).where(leftTheCall);
  const deadlines = [
    ringing?.since ? ringing.since.getTime() + ringMs : null,
    away?.since ? away.since.getTime() + graceMs : null,
  ].filter((at): at is number => at !== null);
  return { nextDueAt: deadlines.length > 0 ? new Date(Math.min(...deadlines)) : null };
}

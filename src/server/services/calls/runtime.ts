// The in-process side of calls: the timers that end an unanswered call when its ring time is
// up and a call whose party went away, and the settings they use. One runtime per event bus
// (one per process; each test file has its own), like typing's timers. The database stays the
// record: every timer only asks a service to re-check a call under its row lock, so a lost
// timer (a restart, or an instance gone) is made good by the sweep of stale calls (sweep.ts).
import { env, type IceServer } from "@/env";
import type { EventBus } from "@/server/events/bus";

export type CallRuntime = {
  ringMs: number;
  graceMs: number;
  /** Call id → the timer that marks it missed. */
  readonly ringTimers: Map<string, NodeJS.Timeout>;
  /** User id → the timer that ends their calls unless they are back by then. */
  readonly graceTimers: Map<string, NodeJS.Timeout>;
  /** The most time between two sweeps of stale calls. */
  sweepMs: number;
  /** This process's next sweep, while it sweeps (from the start until shutdown). */
  sweeper: { timer: NodeJS.Timeout | null } | null;
  /** Whether a user has a live connection to any instance (set by the WebSocket server). */
  isOnline: ((userId: string) => boolean | Promise<boolean>) | null;
  /** Whether a user has a live connection to this process (likewise). */
  isHere: ((userId: string) => boolean) | null;
  /** Set at shutdown: connections closing then are not people leaving their calls. */
  stopped: boolean;
};

// How stale a call left by an instance that went away can get, at most, before another
// instance's sweep ends it (the sweep also runs at every deadline it knows of).
const SWEEP_MS = 15_000;

const runtimes = new WeakMap<EventBus, CallRuntime>();

export function callRuntime(bus: EventBus): CallRuntime {
  let runtime = runtimes.get(bus);
  if (!runtime) {
    const config = env();
    runtime = {
      ringMs: config.CALL_RING_SECONDS * 1000,
      graceMs: config.CALL_GRACE_SECONDS * 1000,
      ringTimers: new Map(),
      graceTimers: new Map(),
      sweepMs: SWEEP_MS,
      sweeper: null,
      isOnline: null,
      isHere: null,
      stopped: false,
    };
    runtimes.set(bus, runtime);
  }
  return runtime;
}

/** Overrides the ring time, grace period and sweep of one bus's calls (tests use fractions of a second). */
export function setCallTimings(bus: EventBus, timings: { ringMs?: number; graceMs?: number; sweepMs?: number }): void {
  Object.assign(callRuntime(bus), timings);
}

/** Clears every timer of the bus's calls, the sweep's too (shutdown; and a test's stand-in for a restart). */
export function clearCallTimers(bus: EventBus): void {
  const runtime = callRuntime(bus);
  for (const timer of runtime.ringTimers.values()) clearTimeout(timer);
  for (const timer of runtime.graceTimers.values()) clearTimeout(timer);
  runtime.ringTimers.clear();
  runtime.graceTimers.clear();
  if (runtime.sweeper?.timer) clearTimeout(runtime.sweeper.timer);
  runtime.sweeper = null;
}

/** What a browser needs to place calls: the configured ICE (STUN/TURN) servers and the ring time. */
export function browserCallConfig(bus: EventBus): { iceServers: IceServer[]; ringSeconds: number } {
  return { iceServers: env().ICE_SERVERS, ringSeconds: callRuntime(bus).ringMs / 1000 };
}

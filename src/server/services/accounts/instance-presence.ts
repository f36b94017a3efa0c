// One instance's part in presence (presence.ts, instances.ts): it registers at start, records
// its sockets of a user each time one opens or closes, writes its heartbeat on a timer (and
// removes instances that fell silent), and removes itself when it stops. Removed while still
// running (it froze past the silence limit), it registers again and records its sockets again.
import { log } from "@/server/log";
import type { ServiceDeps } from "@/server/services/deps";
import { isForeignKeyViolation } from "@/server/services/errors";
import { heartbeat, presenceTimings, type PresenceTimings, registerInstance, retireInstance, sweepSilentInstances } from "./instances";
import { connectedElsewhere, syncPresence } from "./presence";

export type InstancePresence = {
  readonly instanceId: string;
  /** Records this instance's sockets of the user and brings their stored presence in line. */
  sync(userId: string): Promise<void>;
  /** Whether the user has a live connection to any instance (this one's counted as they are now). */
  isOnline(userId: string): Promise<boolean>;
  /** Writes the heartbeat and removes silent instances now (the timer does so every heartbeatMs). */
  beat(): Promise<void>;
  /** Stops the heartbeat and removes this instance: its users go offline unless connected elsewhere. */
  stop(): Promise<void>;
};

export type InstancePresenceOptions = {
  instanceId: string;
  /** How many open sockets of the user this instance has (its connection registry). */
  socketsOf: (userId: string) => number;
  /** Users a sweep took offline because their instance fell silent (their calls need a grace period). */
  onSwept?: (userIds: string[]) => void;
  timings?: Partial<PresenceTimings>;
};

/** The most stopping may take, even with the database down: the process has 10 s in all. */
const STOP_MS = 2_000;
/** A sync's row names an instance that is not registered: this one was removed as silent. */
const UNREGISTERED = "instance_sockets_instance_id_instances_id_fk";

export function joinPresence(deps: ServiceDeps, options: InstancePresenceOptions): InstancePresence {
  const { instanceId, socketsOf } = options;
  const timings = { ...presenceTimings(), ...options.timings };
  // Whose sockets this instance has recorded (or is about to): what it records again if removed.
  const recorded = new Set<string>();
  /** Syncs under way per user. */
  const recording = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  let registered = false;
  let stopped = false;
  let beating: Promise<void> | null = null;
  let rejoining: Promise<void> | null = null;

  const register = () => registerInstance(deps.db, instanceId).then(() => void (registered = true));
  // A database that is down at start: the first heartbeat that reaches it registers.
  const joined = register().catch((error) => log.warn("Could not register this instance", error));

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  async function record(userId: string): Promise<void> {
    recording.set(userId, (recording.get(userId) ?? 0) + 1);
    let count: number | undefined;
    try {
      count = await track(syncPresence(deps, instanceId, userId, () => socketsOf(userId)));
    } finally {
      const left = recording.get(userId)! - 1;
      if (left > 0) recording.set(userId, left);
      else recording.delete(userId);
      // A sync still under way reads the count after this one did: that one decides.
      if (count === 0 && left === 0) recorded.delete(userId);
    }
  }

  /** Registers again and records every user again; one at a time however many syncs notice. */
  function rejoin(): Promise<void> {
    rejoining ??= (async () => {
      try {
        await register();
        for (const userId of [...recorded]) {
          if (stopped) return;
          await record(userId);
        }
      } finally {
        rejoining = null;
      }
    })();
    return rejoining;
  }

  async function sync(userId: string): Promise<void> {
    if (stopped) return;
    recorded.add(userId);
    await joined;
    try {
      await record(userId);
    } catch (error) {
      // Stopped meanwhile: removing the instance settled this user too.
      if (stopped) return;
      if (!isForeignKeyViolation(error, UNREGISTERED)) throw error;
      await rejoin();
    }
  }

  /** One heartbeat and sweep at a time: a call while one runs gets that one. */
  function beat(): Promise<void> {
    if (stopped) return Promise.resolve();
    beating ??= (async () => {
      try {
        await joined;
        if (!(await heartbeat(deps.db, instanceId))) await rejoin();
        const swept = await sweepSilentInstances(deps, timings.silentMs);
        if (swept.length > 0) options.onSwept?.(swept);
      } finally {
        beating = null;
      }
    })();
    return beating;
  }

  const onTimer = () => void track(beat()).catch((error) => log.warn("The presence heartbeat failed", error));
  const timer = setInterval(onTimer, timings.heartbeatMs);
  timer.unref();
  // At once too: a restart removes the instance it replaces as soon as that one is silent long enough.
  void joined.then(onTimer);

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    const leaving = (async () => {
      await Promise.allSettled([...inFlight]);
      if (registered) await retireInstance(deps, instanceId);
    })().then(
      () => "done" as const,
      (error: unknown) => void log.warn("Could not remove this instance", error),
    );
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timeout = setTimeout(() => resolve("late"), STOP_MS)));
    if ((await Promise.race([leaving, late])) === "late") log.warn(`Removing this instance did not finish in ${STOP_MS} ms`);
    clearTimeout(timeout);
  }

  return {
    instanceId,
    sync,
    async isOnline(userId) {
      return socketsOf(userId) > 0 || connectedElsewhere(deps.db, instanceId, userId);
    },
    beat,
    stop,
  };
}

// Keyed one-shot timers: the in-process side of call rings, call grace periods and typing.

/** Runs `fire` after `ms` under `key`, replacing any timer already there; never keeps the process alive. */
export function arm(timers: Map<string, NodeJS.Timeout>, key: string, ms: number, fire: () => void): void {
  disarm(timers, key);
  const timer = setTimeout(() => {
    if (timers.get(key) !== timer) return;
    timers.delete(key);
    fire();
  }, Math.max(0, ms));
  timer.unref();
  timers.set(key, timer);
}

export function disarm(timers: Map<string, NodeJS.Timeout>, key: string): void {
  const timer = timers.get(key);
  if (timer) clearTimeout(timer);
  timers.delete(key);
}

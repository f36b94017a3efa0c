// A small bounded queue for work done after a commit (pushes): at most `concurrency` jobs at a
// time, at most `maxQueued` waiting; beyond that new work is dropped (a push is a courtesy, and
// memory must stay bounded when a push service is slow).
import { log } from "@/server/log";

export type WorkQueue = {
  /** Queues `job`; false when the queue was full and it was dropped. */
  add(job: () => Promise<void>): boolean;
  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void>;
};

export function workQueue(name: string, options: { concurrency: number; maxQueued: number }): WorkQueue {
  const waiting: (() => Promise<void>)[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  function next() {
    while (running < options.concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      running++;
      job()
        .catch((error: unknown) => log.warn(`${name} failed`, error))
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  return {
    add(job) {
      if (waiting.length >= options.maxQueued) return false;
      waiting.push(job);
      next();
      return true;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

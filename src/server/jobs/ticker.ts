// A job every instance runs on a timer: a round now, then one `tickMs` after each round ends
// (rounds never overlap). A failed round (the database away) is logged and tried again at the
// next tick. Stopping waits for the round in flight, but not for ever: a round stuck on a
// database that does not answer is left behind, as its transaction is rolled back when the
// connection goes, and what it did not finish is found again at the next start.
import { log } from "@/server/log";

/** How long stopping waits for a round in flight. */
const STOP_WAIT_MS = 2_000;

export type Ticker = { stop(): Promise<void> };

export function everyTick(what: string, round: () => Promise<unknown>, tickMs: number): Ticker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  const run = () => {
    timer = null;
    current = round()
      .then(
        () => undefined,
        (error: unknown) => log.warn(`Could not ${what}`, error),
      )
      .then(() => {
        if (stopped) return;
        timer = setTimeout(run, tickMs);
        timer.unref();
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([current, new Promise<void>((resolve) => (waited = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(waited);
    },
  };
}

// How the process ends on SIGTERM or SIGINT: `stop` runs once (close the server, then the
// database), then the process exits 0. It always ends: a timer, unref'd so that it never keeps
// an idle process alive, exits 1 if stopping hangs, and a second signal exits at once.
import { constants } from "node:os";
import { log } from "./log";

export const HARD_EXIT_MS = 10_000;

/**
 * Returns the function that begins the same shutdown for another reason (a worker told by its
 * primary): once begun, it does nothing more, and only a second signal cuts it short.
 */
export function stopOnSignals(stop: () => Promise<void>): (reason: string) => void {
  let stopping = false;
  // A shutdown begun by a message lets one signal pass: a terminal signals every process of
  // the group, so a worker may hear the same Ctrl-C from it and from its primary, in any order.
  let pardon = false;
  const begin = (reason: string, bySignal = false) => {
    if (stopping) return;
    stopping = true;
    pardon = !bySignal;
    setTimeout(() => {
      log.error(`Still stopping after ${HARD_EXIT_MS / 1000} s: exiting`);
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    log.info(`${reason}: shutting down`);
    stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error("Shutdown failed", error);
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping && pardon) {
      pardon = false;
      return;
    }
    if (stopping) process.exit(128 + constants.signals[signal]);
    begin(`${signal} received`, true);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return (reason) => begin(reason);
}

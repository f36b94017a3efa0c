// How the process ends on SIGTERM or SIGINT: `stop` runs once (close the server, then the
// database), then the process exits 0. It always ends: a timer, unref'd so that it never keeps
// an idle process alive, exits 1 if stopping hangs, and a second signal exits at once.
import { constants } from "node:os";
import { log } from "./log";

export const HARD_EXIT_MS = 10_000;

export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(128 + constants.signals[signal]);
    }
    stopping = true;
    setTimeout(() => {
      log.error(`Still stopping after ${HARD_EXIT_MS / 1000} s: exiting`);
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    log.info(`${signal} received: shutting down`);
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
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

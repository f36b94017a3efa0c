// Several workers on one port (WEB_CONCURRENCY, node:cluster): the primary prepares the
// database once (see index.ts), forks the workers and looks after them. Each worker is a whole
// Relay instance (Next, API, WebSocket) sharing the port; connections are spread among them.
// - A worker that dies unexpectedly is started again after a pause that doubles with each
//   quick failure (1 s, 2 s, 4 s … 30 s; back to 1 s once it ran for a minute), so a worker
//   that keeps crashing does not spin. One that dies before any worker ever served means
//   Relay cannot start (a port in use, a missing build): everything stops, exit 1.
// - SIGTERM or SIGINT is passed to each worker as a message, which begins its usual shutdown
//   (signals.ts: clients get 4007, exit within 10 s); the primary exits once all are gone, 0
//   if they all stopped cleanly. A message rather than the signal: a terminal's Ctrl-C
//   already reaches every process of the group, and a second signal means "exit at once". A
//   second signal to the primary kills the workers and exits at once.
import cluster, { type Worker } from "node:cluster";
import { constants } from "node:os";
import { log } from "./log";
import { HARD_EXIT_MS } from "./signals";

const READY = "relay:worker-ready";
const SHUTDOWN = "relay:worker-shutdown";
// The primary's own limit on a shutdown: the workers' (HARD_EXIT_MS) and a moment to see them go.
const PRIMARY_HARD_EXIT_MS = HARD_EXIT_MS + 2_000;

export type RestartTimings = { firstMs: number; maxMs: number; steadyMs: number };
const RESTARTS: RestartTimings = { firstMs: 1_000, maxMs: 30_000, steadyMs: 60_000 };

/** The pause before a worker's restart after its `failures`-th quick failure in a row. */
export function restartDelay(failures: number, timings: RestartTimings = RESTARTS): number {
  return Math.min(timings.maxMs, timings.firstMs * 2 ** Math.max(0, failures - 1));
}

type Slot = { number: number; worker: Worker | null; startedAt: number; failures: number; restart: NodeJS.Timeout | null };

/**
 * In the primary: forks `count` workers running this same program (or `exec`), and looks
 * after them until a signal stops them all; then the process exits.
 */
export function runWorkers(count: number, options: { exec?: string; restarts?: RestartTimings } = {}): void {
  const restarts = options.restarts ?? RESTARTS;
  if (options.exec) cluster.setupPrimary({ exec: options.exec });
  const slots: Slot[] = Array.from({ length: count }, (_, i) => ({ number: i + 1, worker: null, startedAt: 0, failures: 0, restart: null }));
  let served = false;
  let stopping = false;
  let unclean = false;

  function fork(slot: Slot) {
    slot.restart = null;
    slot.startedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    worker.on("message", (message: unknown) => {
      if (message !== READY) return;
      served = true;
      log.info(`worker ${slot.number} serving (pid ${worker.process.pid})`);
    });
    worker.on("error", (error) => log.warn(`worker ${slot.number}: its channel failed`, error));
    worker.once("exit", (code, signal) => exited(slot, worker, signal ? `signal ${signal}` : `code ${code}`, code === 0));
  }

  function exited(slot: Slot, worker: Worker, how: string, clean: boolean) {
    slot.worker = null;
    if (stopping) {
      if (!clean) unclean = true;
      if (slots.every((s) => !s.worker)) process.exit(unclean ? 1 : 0);
      return;
    }
    if (!served) {
      log.error(`worker ${slot.number} exited (${how}) before Relay could serve: stopping`);
      unclean = true;
      stopAll("Relay failed to start");
      return;
    }
    slot.failures = Date.now() - slot.startedAt >= restarts.steadyMs ? 1 : slot.failures + 1;
    const delay = restartDelay(slot.failures, restarts);
    log.warn(`worker ${slot.number} (pid ${worker.process.pid}) exited unexpectedly (${how}); restarting it in ${delay / 1000} s`);
    slot.restart = setTimeout(() => fork(slot), delay);
  }

  function stopAll(reason: string) {
    if (stopping) return;
    stopping = true;
    const running = slots.filter((slot) => slot.worker);
    log.info(`${reason}: stopping ${running.length} worker${running.length === 1 ? "" : "s"}`);
    for (const slot of slots) if (slot.restart) clearTimeout(slot.restart);
    for (const { worker } of running) {
      worker!.send(SHUTDOWN, (error) => {
        if (error) worker!.process.kill("SIGTERM"); // its channel is gone; the signal says the same
      });
    }
    if (running.length === 0) process.exit(unclean ? 1 : 0);
    setTimeout(() => {
      log.error(`Workers still running after ${PRIMARY_HARD_EXIT_MS / 1000} s: killing them`);
      killAll();
      process.exit(1);
    }, PRIMARY_HARD_EXIT_MS).unref();
  }

  function killAll() {
    for (const { worker } of slots) worker?.process.kill("SIGKILL");
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      killAll();
      process.exit(128 + constants.signals[signal]);
    }
    stopAll(`${signal} received`);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  log.info(`starting ${count} workers`);
  for (const slot of slots) fork(slot);
}

/** In a worker: tells the primary that this worker serves (until then a death means Relay cannot start). */
export function reportServing(): void {
  if (cluster.isWorker) process.send?.(READY);
}

/** In a worker: the primary's request to stop begins `begin` (the shutdown of stopOnSignals). */
export function stopWhenPrimaryAsks(begin: (reason: string) => void): void {
  if (!cluster.isWorker) return;
  process.on("message", (message: unknown) => {
    if (message === SHUTDOWN) begin("asked to stop by the primary");
  });
}

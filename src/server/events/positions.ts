// Where the event log is complete. Ids come from one sequence, but transactions take them in
// one order and commit in another, and no lock makes the two agree (one lock for every writer
// was what capped Relay's throughput). So a reader must not read past an id that may still
// be in flight: a client resuming from a larger id would never see the smaller one.
//
// The argument (after Synapse's multi-writer stream positions), for the writers of one process:
// - Every writer announces itself before its INSERT asks the sequence for ids (`begin`), and
//   reports the ids it got (`allocated`) and the end of its transaction (`settle`).
// - A writer still asking cannot get an id at or below `floor`, the largest id known when it
//   began: the sequence hands ids out increasing (the default CACHE 1), and `floor` was
//   handed out before it asked.
// - `safe()` is therefore a position below which nothing can still appear: at most every
//   asking writer's floor, below every in-flight writer's smallest id, at most the largest
//   known id. It only grows.
// - Events are published only once their id is at or below `safe()`, in id order. A stream
//   replays the log up to the `safe()` it read after subscribing and takes everything above it
//   from the bus, so between the two it sees every id once.
// The largest id at start comes from the table itself, read before this process writes.
import { sql } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { events } from "@/server/db/schema";
import type { Delivery, EventBus } from "./bus";
import type { StoredEvent } from "./types";

export type LoggedDelivery = Delivery & { event: StoredEvent };

type Writer = { floor: number; smallest: number | null };

export class LogPositions {
  private known: number | null = null;
  private loading: Promise<void> | null = null;
  private nextToken = 0;
  private readonly writers = new Map<number, Writer>();
  /** Committed deliveries waiting for a smaller id, in id order. */
  private held: LoggedDelivery[] = [];

  /** Told of every batch this process's writers publish, once each (Web Push: push/notify.ts). */
  readonly published = new Set<(batch: readonly LoggedDelivery[]) => void>();

  /** Called whenever a writer settles (the cluster bus reports `safe()` to the other instances). */
  onSettled: (() => void) | null = null;

  constructor(private readonly bus: EventBus) {
    bus.attachPositions?.(this);
  }

  /** Reads the largest id in the log once; call (outside any transaction) before the rest. */
  ready(db: Executor): Promise<void> {
    if (this.known !== null) return Promise.resolve();
    this.loading ??= db
      .select({ max: sql<string | null>`max(${events.id})` })
      .from(events)
      .then(([row]) => this.observe(Number(row?.max ?? 0)))
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** A writer is about to ask the sequence for ids. */
  begin(): number {
    const token = this.nextToken++;
    this.writers.set(token, { floor: this.known ?? 0, smallest: null });
    return token;
  }

  allocated(token: number, ids: readonly number[]): void {
    const writer = this.writers.get(token);
    if (!writer || ids.length === 0) return;
    writer.smallest = Math.min(...ids);
    this.observe(Math.max(...ids));
  }

  /** The writer's transaction is over: committed with these deliveries, or rolled back (none). */
  settle(token: number, deliveries: readonly LoggedDelivery[]): void {
    this.writers.delete(token);
    if (deliveries.length > 0) this.held = mergeById(this.held, deliveries);
    this.publishReady();
    this.onSettled?.();
  }

  /**
   * Publishes what is held at or below `safe()`. Called wherever it can rise: at a settle, and
   * when a writer that held it at its floor learns its ids (the events below them are
   * committed). Whoever reads `safe()` may take everything at or below it as published.
   */
  private publishReady() {
    if (this.held.length === 0) return;
    const safe = this.safe();
    let ready = 0;
    while (ready < this.held.length && Number(this.held[ready]!.event.id) <= safe) ready++;
    if (ready === 0) return;
    const batch = this.held.slice(0, ready);
    this.held = this.held.slice(ready);
    this.bus.publish(batch);
    for (const listener of this.published) listener(batch);
  }

  /** Every id at or below this has been committed or rolled back. */
  safe(): number {
    let safe = this.known ?? 0;
    for (const writer of this.writers.values()) {
      safe = Math.min(safe, writer.smallest === null ? writer.floor : writer.smallest - 1);
    }
    return safe;
  }

  /**
   * An id exists: one of this process's, or one another instance reported. Ids come from one
   * sequence for every instance, so a writer that begins after this cannot get one at or below it.
   */
  observe(id: number) {
    this.known = Math.max(this.known ?? 0, id);
    this.publishReady();
  }
}

function mergeById(held: LoggedDelivery[], more: readonly LoggedDelivery[]): LoggedDelivery[] {
  return [...held, ...more].sort((a, b) => Number(a.event.id) - Number(b.event.id));
}

const positionsByBus = new WeakMap<EventBus, LogPositions>();

/** The positions of the log as this process writes it (one per bus; tests make their own). */
export function logPositions(bus: EventBus): LogPositions {
  let positions = positionsByBus.get(bus);
  if (!positions) positionsByBus.set(bus, (positions = new LogPositions(bus)));
  return positions;
}

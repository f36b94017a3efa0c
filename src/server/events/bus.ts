// The event bus: after a transaction commits, services publish its events here, addressed to
// the users who may see them; every connection of those users receives them. The in-memory
// bus serves one process; a Redis bus (same interface) lets several instances share events.
import type { LogPositions } from "./positions";
import type { LiveEvent } from "./types";

export type Delivery = { event: LiveEvent; recipients: readonly string[] };
export type Listener = (event: LiveEvent) => void;

export interface EventBus {
  publish(deliveries: readonly Delivery[]): void;
  /** Listen for events addressed to one user; returns the unsubscribe function. */
  subscribe(userId: string, listener: Listener): () => void;
  /**
   * With several instances (redis-bus.ts): every logged event at or below this has been handed
   * to this bus's listeners; a stream replays the log up to it. Alone, positions.safe() is that.
   */
  releasedUpTo?(): number;
  /** With several instances: waits (at most `withinMs`) until releasedUpTo() reaches `position`, and returns it. */
  reaching?(position: number, withinMs: number): Promise<number>;
  /** With several instances: the bus learns where this process's own writers are. */
  attachPositions?(positions: LogPositions): void;
}

export class MemoryEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(deliveries: readonly Delivery[]): void {
    for (const { event, recipients } of deliveries) {
      for (const userId of recipients) {
        const set = this.listeners.get(userId);
        if (!set) continue;
        for (const listener of set) listener(event);
      }
    }
  }

  subscribe(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  listenerCount(userId: string): number {
    return this.listeners.get(userId)?.size ?? 0;
  }
}

const key = Symbol.for("relay.eventBus");
type Holder = { [key]?: EventBus };

/** The process-wide bus (on globalThis: Next's route handlers run in a module graph of their own). */
export function eventBus(): EventBus {
  const holder = globalThis as Holder;
  return (holder[key] ??= new MemoryEventBus());
}

/** Makes `bus` the process-wide one (several instances: the Redis bus, before anything serves). */
export function installEventBus(bus: EventBus): EventBus {
  (globalThis as Holder)[key] = bus;
  return bus;
}

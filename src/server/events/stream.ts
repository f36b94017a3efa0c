// One user's live stream: subscribe first, then replay the log from the client's last event
// id, then pass live events on, skipping what the replay already delivered. A new message from
// someone else, handed to the client, counts as delivered to it.
import { tracked } from "@trpc/server";
import { replayPages } from "@/server/events/log";
import { EventQueue } from "@/server/events/queue";
import type { RelayEvent, StoredEvent } from "@/server/events/types";
import { log } from "@/server/log";
import { recordDelivery } from "@/server/services/messages/receipts";
import type { ServiceDeps } from "@/server/services/deps";

export async function* streamEvents(deps: ServiceDeps, userId: string, lastEventId: number | null, signal?: AbortSignal) {
  const queue = new EventQueue<StoredEvent>();
  const receipts = new DeliveryReceipts(deps, userId);
  const unsubscribe = deps.bus.subscribe(userId, (event) => queue.push(event));
  try {
    // Ids are assigned in commit order, so the replay holds every event up to its last id:
    // live events at or below it are repeats.
    let replayedUpTo = lastEventId ?? 0;
    if (lastEventId !== null) {
      for await (const page of replayPages(deps.db, userId, lastEventId)) {
        // Also past what the page left out, so a live copy of that cannot slip through.
        replayedUpTo = page.upTo;
        for (const event of page.events) {
          receipts.note(event);
          yield tracked(event.id, withoutId(event));
        }
      }
    }
    for await (const event of queue.drain(signal)) {
      if (Number(event.id) <= replayedUpTo) continue;
      receipts.note(event);
      yield tracked(event.id, withoutId(event));
    }
  } finally {
    unsubscribe();
  }
}

/**
 * Records delivery of the new messages a stream hands out, off the stream's path (a slow
 * receipt must not hold it up) and coalesced: a replay of a thousand messages is one write
 * per chat, not a thousand.
 */
class DeliveryReceipts {
  private readonly pending = new Map<string, number>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly userId: string,
  ) {}

  note(event: StoredEvent) {
    if (event.type !== "message:new" || event.data.message.senderId === this.userId) return;
    const { chatId, message } = event.data;
    this.pending.set(chatId, Math.max(this.pending.get(chatId) ?? 0, message.seq));
    this.flushing ??= this.flush();
  }

  private async flush() {
    // Let the rest of a burst queue up first.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const reached = [...this.pending].map(([chatId, seq]) => ({ chatId, seq }));
      this.pending.clear();
      await recordDelivery(this.deps, this.userId, reached).catch((error) => log.warn("Could not record delivery", error));
    }
    this.flushing = null;
  }
}

/** The id travels as the tracked id; the payload is the plain `{ type, data }` event. */
const withoutId = ({ type, data }: StoredEvent) => ({ type, data }) as RelayEvent;

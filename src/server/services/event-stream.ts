// One user's live stream: subscribe first, then replay the log from the client's last event
// id, then pass live events on, skipping what the replay already delivered. A new message from
// someone else, handed to the client, counts as delivered to it.
import { tracked } from "@trpc/server";
import { replayEvents, type Deps } from "@/server/events/log";
import { EventQueue } from "@/server/events/queue";
import type { RelayEvent, StoredEvent } from "@/server/events/types";
import { log } from "@/server/log";
import { recordDelivery } from "./receipts";

export async function* streamEvents(deps: Deps, userId: string, lastEventId: number | null, signal?: AbortSignal) {
  const queue = new EventQueue<StoredEvent>();
  const unsubscribe = deps.bus.subscribe(userId, (event) => queue.push(event));
  try {
    // Ids are assigned in commit order, so the replay holds every event up to its last id:
    // live events at or below it are repeats.
    let replayedUpTo = lastEventId ?? 0;
    if (lastEventId !== null) {
      for await (const event of replayEvents(deps.db, userId, lastEventId)) {
        replayedUpTo = Number(event.id);
        noteDelivery(deps, userId, event);
        yield tracked(event.id, withoutId(event));
      }
    }
    for await (const event of queue.drain(signal)) {
      if (Number(event.id) <= replayedUpTo) continue;
      noteDelivery(deps, userId, event);
      yield tracked(event.id, withoutId(event));
    }
  } finally {
    unsubscribe();
  }
}

/** Fire and forget: a slow receipt must not hold up the stream. */
function noteDelivery(deps: Deps, userId: string, event: StoredEvent) {
  if (event.type !== "message:new" || event.data.message.senderId === userId) return;
  const { chatId, message } = event.data;
  recordDelivery(deps, userId, [{ chatId, seq: message.seq }]).catch((error) => log.warn("Could not record delivery", error));
}

/** The id travels as the tracked id; the payload is the plain `{ type, data }` event. */
const withoutId = ({ type, data }: StoredEvent) => ({ type, data }) as RelayEvent;

// One user's live stream: subscribe, read how far the log is complete, replay from the client's
// last event id up to there, tell the current state (who is typing), then pass live events on.
// Each value is tracked with the position to resume from: a logged event's own id, and for an
// ephemeral signal the position reached so far plus a serial, "<position>-<serial>", so that
// no two values a client sees share an id. A new message from someone else counts as
// delivered once the client has it (its socket answered a ping sent after it).
import { tracked } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import { CloseCode } from "@/lib/close-codes";
import { chatMembers } from "@/server/db/schema";
import { replayPages } from "@/server/events/log";
import { logPositions } from "@/server/events/positions";
import { bindingPayload, dataFrames, sharedPayload, type SubscriptionAddress } from "@/server/events/frames";
import { EventQueue } from "@/server/events/queue";
import { pastHorizon } from "@/server/events/horizon";
import type { LiveEvent, RelayEvent, StoredEvent } from "@/server/events/types";
import { log } from "@/server/log";
import { recordDelivery } from "@/server/services/messages/receipts";
import { typingNow } from "@/server/services/messages/typing";
import type { ServiceDeps } from "@/server/services/deps";

/** The stream's view of its WebSocket (absent for in-process callers). */
export type StreamSocket = {
  /** Bytes handed to the socket and not yet written out to the network. */
  bufferedBytes(): number;
  /** Past this many buffered bytes the client is too slow: its socket is closed (4009). */
  limitBytes: number;
  close(code: number, reason: string): void;
  /** Holds what is written until the end of this turn of the event loop, to leave in one write. */
  hold(): void;
  /**
   * Pings after everything written so far (while held: once, after the held writes, for every
   * caller). Resolves true once the client has answered, false if the socket closes first;
   * `beforeSend` runs as the ping goes out: what was handed to the socket by then, it covers.
   */
  ping(beforeSend?: () => void): Promise<boolean>;
  /**
   * On a tRPC socket: writes a text frame (UTF-8) as it is. The stream then writes its live
   * events' data frames itself, once its first frame has told it which subscription it serves.
   */
  send?(text: Buffer): void;
};

/** Unique across restarts too: it starts from the clock. */
let signalSerial = Date.now() * 1000;

/** The position a tracked id stands for. */
export const positionOf = (trackedId: string) => Number(trackedId.split("-")[0]);

/** Live events waiting behind a long replay, at most; a client that far behind reconnects. */
const MAX_QUEUED_EVENTS = 10_000;
const TOO_SLOW = "Too far behind: reconnect to resume";
/** How long a resume from beyond this instance's position waits for it before it is a reset. */
const CATCH_UP_MS = 3_000;

/**
 * How far the log is complete on this instance now. A stream resumed from here misses nothing
 * that happens after this call (for a client that has no last event id of its own yet).
 */
export async function completePosition(deps: ServiceDeps): Promise<number> {
  const positions = logPositions(deps.bus);
  await positions.ready(deps.db);
  return deps.bus.releasedUpTo?.() ?? positions.safe();
}

export async function* streamEvents(
  deps: ServiceDeps,
  userId: string,
  lastEventId: number | null,
  signal?: AbortSignal,
  socket?: StreamSocket,
) {
  const positions = logPositions(deps.bus);
  await positions.ready(deps.db);
  const stream = new LiveStream(deps, userId, socket);
  try {
    // Everything at or below this is committed: the replay covers it, the bus everything above.
    let complete = deps.bus.releasedUpTo?.() ?? positions.safe();
    // A client coming from another instance may be a moment ahead of this one: wait for it.
    if (lastEventId !== null && lastEventId > complete && deps.bus.reaching) complete = await deps.bus.reaching(lastEventId, CATCH_UP_MS);
    stream.complete = complete;
    stream.position = lastEventId ?? complete;
    if (lastEventId !== null) {
      const reset = lastEventId > complete ? "unknown-position" : (await pastHorizon(deps.db, lastEventId)) ? "horizon" : null;
      if (reset) {
        stream.position = complete;
        yield stream.signal({ type: "stream:reset", data: { reason: reset } });
      } else {
        for await (const page of replayPages(deps.db, userId, lastEventId, complete)) {
          for (const stored of page.events) {
            yield stream.replayed(stored);
            stream.sent();
          }
          stream.position = page.upTo;
        }
      }
    }
    for (const typing of await typingInMyChats(deps, userId)) yield stream.signal({ type: "typing:start", data: typing });
    if (!stream.address) {
      for await (const event of stream.queue.drain(signal)) {
        const value = stream.handOut(event);
        if (!value) continue;
        socket?.hold();
        yield value;
        stream.sent();
        if (stream.tooSlow()) return socket!.close(CloseCode.tooSlow, TOO_SLOW);
        if (stream.address) break;
      }
    }
    if (signal) await stream.writeDirectly(signal);
    if (stream.queue.overflowed) socket?.close(CloseCode.tooSlow, TOO_SLOW);
  } finally {
    stream.stop();
  }
}

/**
 * One stream's state. Kept out of the generator (whose suspended frame is held for every idle
 * subscription) and in methods rather than closures: an idle stream costs little memory.
 */
class LiveStream {
  readonly queue = new EventQueue<LiveEvent>(MAX_QUEUED_EVENTS);
  /** Everything at or below this position the replay covered. */
  complete = 0;
  /** The position reached: what an ephemeral signal's tracked id is made of. */
  position = 0;
  /** On a tRPC socket, once its first frame has gone out: the subscription it serves (frames.ts). */
  address: SubscriptionAddress | null = null;
  /** Once the stream writes its frames itself: where the bus's events go instead of the queue. */
  private write: ((event: LiveEvent) => void) | null = null;
  private readonly receipts: DeliveryReceipts;
  private readonly unsubscribe: () => void;

  constructor(
    deps: ServiceDeps,
    userId: string,
    private readonly socket?: StreamSocket,
  ) {
    this.receipts = new DeliveryReceipts(deps, userId, socket);
    this.unsubscribe = deps.bus.subscribe(userId, (event) => (this.write ? this.write(event) : this.queue.push(event)));
  }

  /** A tracked value; on a tRPC socket not yet bound, its payload learns the subscription once written. */
  private tracked(id: string, payload: RelayEvent) {
    if (!this.socket?.send || this.address) return tracked(id, payload);
    return tracked(id, bindingPayload(payload, (address) => (this.address ??= address)));
  }

  signal(event: RelayEvent) {
    return this.tracked(`${this.position}-${++signalSerial}`, event);
  }

  replayed(stored: StoredEvent) {
    const event = withoutId(stored);
    this.receipts.handedOut(event);
    return this.tracked(stored.id, event);
  }

  /** A live event as handed out, with its payload shared by every recipient (serialised once); null if the replay had it. */
  handOut(event: LiveEvent) {
    const value = this.idAndPayload(event);
    return value && this.tracked(...value);
  }

  private idAndPayload(event: LiveEvent): [string, RelayEvent] | null {
    if ("id" in event && Number(event.id) <= this.complete) return null;
    const payload = sharedPayload(event);
    if (!("id" in event)) return [`${this.position}-${++signalSerial}`, payload];
    this.position = Number(event.id);
    this.receipts.handedOut(payload);
    return [event.id, payload];
  }

  sent() {
    this.receipts.sent();
  }

  tooSlow() {
    return !!this.socket && this.socket.bufferedBytes() > this.socket.limitBytes;
  }

  /**
   * Bound: from here on each event's frame goes to the socket as the bus hands it over, the text
   * tRPC would have sent (frames.ts), without a round through two async iterators per event and
   * recipient. Resolves when the subscription stops (for tRPC it stays open until then).
   */
  writeDirectly(signal: AbortSignal): Promise<void> {
    const { socket, address } = this;
    if (!address || !socket?.send || signal.aborted || this.queue.overflowed) return Promise.resolve();
    const send = socket.send;
    const frameOf = dataFrames(address);
    return new Promise<void>((resolve) => {
      const stop = () => {
        this.write = () => {};
        resolve();
      };
      signal.addEventListener("abort", stop, { once: true });
      const write = (event: LiveEvent) => {
        try {
          const value = this.idAndPayload(event);
          if (!value) return;
          socket.hold();
          send(frameOf(value[0], value[1]));
          this.receipts.sent();
          if (!this.tooSlow()) return;
          socket.close(CloseCode.tooSlow, TOO_SLOW);
        } catch (error) {
          log.warn("Could not write a live event", error);
          // 1011: the standard "internal error"; the client reconnects and resumes.
          socket.close(1011, "Live stream failed: reconnect to resume");
        }
        stop();
      };
      // What came while the stream was yielding, then everything after it, in order.
      for (const event of this.queue.takeAll()) {
        write(event);
        if (signal.aborted) return;
      }
      this.write = write;
    });
  }

  stop() {
    this.unsubscribe();
  }
}

/** Who is typing now in the chats of `userId` (other than them). */
async function typingInMyChats(deps: ServiceDeps, userId: string) {
  const typing = (await typingNow(deps.bus)).filter((t) => t.userId !== userId);
  if (typing.length === 0) return [];
  const mine = await deps.db
    .select({ chatId: chatMembers.chatId })
    .from(chatMembers)
    .where(and(eq(chatMembers.userId, userId), inArray(chatMembers.chatId, [...new Set(typing.map((t) => t.chatId))])));
  const chatIds = new Set(mine.map((m) => m.chatId));
  return typing.filter((t) => chatIds.has(t.chatId));
}

/**
 * A socket is pinged for delivery at most this often: in a busy chat the events of one moment
 * share a ping (and its pong, which the server reads and the client writes), and the second
 * tick comes no later than this plus the delivery batch's wait (delivery-buffer.ts).
 */
export const DELIVERY_PING_GAP_MS = 200;

/** Receipts whose next ping waits for the gap to pass, pinged together. */
const deferredPings = new Set<DeliveryReceipts>();
let deferredPingTimer: NodeJS.Timeout | null = null;

function pingAfterGap(receipts: DeliveryReceipts) {
  deferredPings.add(receipts);
  deferredPingTimer ??= setTimeout(() => {
    deferredPingTimer = null;
    const due = [...deferredPings];
    deferredPings.clear();
    for (const r of due) r.ping();
  }, DELIVERY_PING_GAP_MS).unref();
}

/**
 * Records delivery of the new messages a stream hands out, off the stream's path (a slow
 * receipt must not hold it up) and coalesced. Over a socket, what was handed out counts once
 * the client answers a ping sent after it (frames arrive in order, so the pong proves the
 * client read everything before it); one ping is in flight at a time, and it covers all that
 * was handed out when it left (a burst shares it).
 */
class DeliveryReceipts {
  private handed = new Map<string, number>();
  private pinging = false;
  private lastPingAt = -Infinity;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly userId: string,
    private readonly socket?: StreamSocket,
  ) {}

  handedOut(event: RelayEvent) {
    if (event.type !== "message:new" || event.data.message.senderId === this.userId) return;
    const { chatId, message } = event.data;
    this.handed.set(chatId, Math.max(this.handed.get(chatId) ?? 0, message.seq));
  }

  /** The stream moved on: what it handed out is with the client (in-process) or in the socket. */
  sent() {
    if (this.handed.size === 0 || this.pinging) return;
    if (!this.socket) return this.record(this.take());
    if (performance.now() - this.lastPingAt < DELIVERY_PING_GAP_MS) return pingAfterGap(this);
    this.ping();
  }

  ping() {
    if (!this.socket || this.handed.size === 0 || this.pinging) return;
    this.pinging = true;
    this.lastPingAt = performance.now();
    let covered: Reached[] = [];
    void this.socket.ping(() => (covered = this.take())).then((answered) => {
      this.pinging = false;
      if (!answered) return;
      this.record(covered);
      this.sent();
    });
  }

  private take(): Reached[] {
    const reached = [...this.handed].map(([chatId, seq]) => ({ chatId, seq }));
    this.handed = new Map();
    return reached;
  }

  private record(reached: Reached[]) {
    recordDelivery(this.deps, this.userId, reached).catch((error) => log.warn("Could not record delivery", error));
  }
}

type Reached = { chatId: string; seq: number };

/** The id travels as the tracked id; the payload is the plain `{ type, data }` event. */
const withoutId = ({ type, data }: LiveEvent) => ({ type, data }) as RelayEvent;

// The event bus of several instances sharing one Redis (REDIS_URL with DATABASE_URL). Every
// instance publishes what its writers commit on one pub/sub channel, and hands its own
// listeners the events of every instance in id order, only up to a position below which no
// instance can still commit one.
//
// The argument (Synapse's multi-writer stream positions, across processes):
// - Each instance knows where its own writers are (positions.ts: `safe()`) and publishes its
//   logged events once they are at or below it, in one message with that position. Messages of
//   one publisher arrive in the order it sent them (one connection, one channel).
// - An instance may hand out an event only once every instance's reported position is at or
//   above its id: then no instance can still commit a smaller one. Each instance adopts the ids
//   it hears of (`observe`), so an idle instance's position follows the others'.
// - An instance learns of every other one by greeting when it joins: PUBLISH says how many
//   heard the greeting, and it waits for that many answers. Until then, and while an instance
//   it knew is silent (dead, or cut off with Redis down), it is "degraded": it hands out only
//   up to where PostgreSQL says every transaction is over (settled.ts), from the log. A silent
//   instance is forgotten once the database no longer lists it as live (it beats there too).
// - Pub/sub loses messages (Redis restarts, a dropped link). Messages are numbered per
//   publisher; a gap means events at or below the position in the message after it may be
//   missing, so that range is read from the log instead of taken from the bus. The log is the
//   record; the bus only makes it fast.
import { inArray } from "drizzle-orm";
import type { Database } from "@/server/db";
import { instances } from "@/server/db/schema";
import type { ClusterLink } from "@/server/cluster/link";
import { log } from "@/server/log";
import { type Delivery, type EventBus, type Listener, MemoryEventBus } from "./bus";
import { loggedBetween } from "./log";
import { type LoggedDelivery, type LogPositions, logPositions } from "./positions";
import { LogSettled } from "./settled";

const CHANNEL = "bus";
const HEARTBEAT_MS = 1_000;
/** An instance not heard for this long may be gone: hand out only what the log says is settled. */
const SILENT_MS = 3_000;
const GREETING_WAIT_MS = 2_000;

type Message = {
  kind: "hello" | "here" | "bye";
  /** Numbers this publisher's messages, 1, 2, 3…: a gap is a lost message. */
  serial: number;
  /** The publisher's own position: its writers can no longer commit an id at or below it. */
  safe: number;
  logged?: LoggedDelivery[];
  signals?: Delivery[];
  /** In answer to this instance's greeting: the publisher knows it from now on. */
  welcomes?: string;
};

type Peer = { safe: number; serial: number; heardAt: number };

export class ClusterEventBus implements EventBus {
  private readonly local = new MemoryEventBus();
  private readonly settled: LogSettled;
  private positions: LogPositions | null = null;
  private readonly peers = new Map<string, Peer>();
  private serial = 0;
  /** Logged events from any instance, above `released`, in id order. */
  private held: LoggedDelivery[] = [];
  private released = 0;
  /** Messages were lost: every event up to here comes from the log. */
  private fillUpTo = 0;
  /** Every other instance answered this one's greeting. */
  private peersKnown = false;
  private greeting: Set<string> | null = null;
  private joined = false;
  private releasing = false;
  private releaseAgain = false;
  private outLogged: LoggedDelivery[] = [];
  private outSignals: Delivery[] = [];
  private reportedSafe = -1;
  private flushQueued = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly unlisten: (() => void)[] = [];

  constructor(
    private readonly link: ClusterLink,
    private readonly db: Database,
  ) {
    this.settled = new LogSettled(db);
  }

  attachPositions(positions: LogPositions): void {
    this.positions = positions;
    positions.onSettled = () => this.queueFlush();
  }

  subscribe(userId: string, listener: Listener): () => void {
    return this.local.subscribe(userId, listener);
  }

  releasedUpTo(): number {
    return this.released;
  }

  async reaching(position: number, withinMs: number): Promise<number> {
    const until = Date.now() + withinMs;
    while (this.released < position && Date.now() < until) await sleep(5);
    return this.released;
  }

  /** Joins the other instances; resolves once this one may serve (call before listening). */
  async join(): Promise<void> {
    const positions = logPositions(this);
    await positions.ready(this.db);
    this.unlisten.push(
      this.link.on(CHANNEL, (message, from) => this.receive(message as Message, from)),
      this.link.onResubscribed(() => void this.greet()),
    );
    await this.link.subscribed();
    await this.greet();
    if (!this.peersKnown) {
      // Nobody answers (Redis is down): start from what the log says is settled.
      while (!(await this.settled.tick()) && this.settled.value() === 0) await sleep(100);
    }
    this.released = Math.min(positions.safe(), this.peersKnown ? this.lowestPeer() : this.settled.value());
    this.joined = true;
    this.settled.start(() => {
      // The log is settled up to there: those ids exist, whoever took them (an idle instance
      // that hears no one still moves on).
      positions.observe(this.settled.value());
      this.release();
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Leaves cleanly (after the last write): the others stop waiting for this one at once. */
  async leave(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.settled.stop();
    for (const off of this.unlisten.splice(0)) off();
    this.flush();
    await this.link.publish(CHANNEL, this.message("bye"));
  }

  publish(deliveries: readonly Delivery[]): void {
    const logged: LoggedDelivery[] = [];
    const signals: Delivery[] = [];
    for (const delivery of deliveries) {
      if ("id" in delivery.event) logged.push(delivery as LoggedDelivery);
      else signals.push(delivery);
    }
    if (signals.length > 0) {
      this.local.publish(signals);
      this.outSignals.push(...signals);
    }
    if (logged.length > 0) {
      this.hold(logged);
      this.outLogged.push(...logged);
      this.release();
    }
    this.queueFlush();
  }

  private receive(message: Message, from: string): void {
    const peer = this.peers.get(from);
    if (message.kind === "bye") this.peers.delete(from);
    else if (!peer) {
      // One not known before (it started, or was forgotten): what it sent earlier is not here.
      if (message.kind !== "hello") this.fillUpTo = Math.max(this.fillUpTo, message.safe);
      this.peers.set(from, { safe: message.safe, serial: message.serial, heardAt: Date.now() });
    } else {
      if (message.serial !== peer.serial + 1) this.fillUpTo = Math.max(this.fillUpTo, message.safe);
      Object.assign(peer, { safe: Math.max(peer.safe, message.safe), serial: message.serial, heardAt: Date.now() });
    }
    if (message.welcomes === this.link.instanceId) this.greeting?.add(from);
    if (message.signals?.length) this.local.publish(message.signals);
    if (message.logged?.length) this.hold(message.logged);
    this.positions?.observe(message.safe);
    if (message.kind === "hello") void this.link.publish(CHANNEL, { ...this.message("here"), welcomes: from });
    else this.queueFlush();
    this.release();
  }

  /** Says hello and waits for everyone who heard it to answer. */
  private async greet(): Promise<void> {
    if (this.greeting) return;
    this.peersKnown = false;
    const answered = (this.greeting = new Set());
    const heard = await this.link.publish(CHANNEL, this.message("hello"));
    const until = Date.now() + GREETING_WAIT_MS;
    while (heard > 0 && answered.size < heard - 1 && Date.now() < until) await sleep(10);
    this.greeting = null;
    // `heard` counts this instance too.
    this.peersKnown = heard > 0 && answered.size >= heard - 1;
    if (!this.peersKnown) log.warn("Other instances did not answer over Redis; live events come from the log until they do");
    this.release();
  }

  private beat(): void {
    const now = Date.now();
    const silent = [...this.peers].filter(([, peer]) => now - peer.heardAt > SILENT_MS).map(([id]) => id);
    if (silent.length > 0) this.forgetGone(silent).catch((error: unknown) => log.warn("Could not look for instances that are gone", error));
    if (!this.peersKnown) void this.greet();
    this.flush(true);
    this.release();
  }

  /**
   * A silent instance is forgotten once it is gone from the database's list of live instances
   * (presence: removed after INSTANCE_SILENT_SECONDS without a heartbeat, or as it stops). One
   * that is only cut off from Redis still beats there, and is waited for, from the log.
   */
  private async forgetGone(silent: string[]): Promise<void> {
    const alive = new Set((await this.db.select({ id: instances.id }).from(instances).where(inArray(instances.id, silent))).map((row) => row.id));
    const now = Date.now();
    for (const id of silent) {
      const peer = this.peers.get(id);
      if (peer && !alive.has(id) && now - peer.heardAt > SILENT_MS) this.peers.delete(id);
    }
    this.release();
  }

  /** Where every instance is, as far as this one can tell; and whether it can tell. */
  private target(): { safe: number; fromLog: boolean } {
    let safe = this.positions?.safe() ?? 0;
    // Not hearing anyone (Redis down on this side) is not knowing where they are.
    let degraded = !this.peersKnown || !this.link.listening();
    const now = Date.now();
    for (const peer of this.peers.values()) {
      if (now - peer.heardAt <= SILENT_MS) safe = Math.min(safe, peer.safe);
      else degraded = true;
    }
    if (degraded) safe = Math.min(safe, this.settled.value());
    return { safe, fromLog: degraded || this.fillUpTo > this.released };
  }

  private lowestPeer(): number {
    return Math.min(...[...this.peers.values()].map((peer) => peer.safe), Number.MAX_SAFE_INTEGER);
  }

  /** Hands this instance's listeners everything up to the target, in id order. */
  private release(): void {
    if (!this.joined) return;
    if (this.releasing) {
      this.releaseAgain = true;
      return;
    }
    const { safe, fromLog } = this.target();
    if (safe <= this.released) return;
    if (!fromLog) return this.hand(this.takeHeld(safe), safe);
    this.releasing = true;
    loggedBetween(this.db, this.released, safe)
      .then((logged) => {
        const arrived = new Map(this.takeHeld(safe).map((d) => [d.event.id, d]));
        const inLog = new Set(logged.map((d) => d.event.id));
        // What came over the bus carries its recipients as of its commit; prefer it.
        const batch = mergeById(
          logged.map((d) => arrived.get(d.event.id) ?? d),
          [...arrived.values()].filter((d) => !inLog.has(d.event.id)),
        );
        this.hand(batch, safe);
      })
      .catch((error: unknown) => log.warn("Could not read missed events from the log", error))
      .finally(() => {
        this.releasing = false;
        if (this.releaseAgain) {
          this.releaseAgain = false;
          this.release();
        }
      });
  }

  private hand(batch: LoggedDelivery[], upTo: number): void {
    this.released = upTo;
    if (batch.length > 0) this.local.publish(batch);
  }

  private hold(logged: readonly LoggedDelivery[]): void {
    const fresh = logged.filter((d) => Number(d.event.id) > this.released);
    if (fresh.length === 0) return;
    this.held = mergeById(this.held, fresh);
    this.positions?.observe(Number(fresh[fresh.length - 1]!.event.id));
  }

  private takeHeld(upTo: number): LoggedDelivery[] {
    let n = 0;
    while (n < this.held.length && Number(this.held[n]!.event.id) <= upTo) n++;
    const taken = this.held.slice(0, n);
    this.held = this.held.slice(n);
    return taken;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Right after the current task, not after the next round of I/O: every other instance's
    // listeners wait for this message (an event, or the position that lets them hand one out),
    // and a busy event loop's round can take milliseconds. What settles in the same task still
    // shares one message.
    queueMicrotask(() => this.flush());
  }

  /** Sends what is waiting and this instance's position, if either is news (or always, `beat`). */
  private flush(always = false): void {
    this.flushQueued = false;
    const safe = this.positions?.safe() ?? 0;
    if (!always && this.outLogged.length === 0 && this.outSignals.length === 0 && safe <= this.reportedSafe) return;
    void this.link.publish(CHANNEL, this.message("here"));
  }

  private message(kind: Message["kind"]): Message {
    const safe = this.positions?.safe() ?? 0;
    this.reportedSafe = safe;
    const message: Message = { kind, serial: ++this.serial, safe };
    if (this.outLogged.length > 0) message.logged = this.outLogged;
    if (this.outSignals.length > 0) message.signals = this.outSignals;
    this.outLogged = [];
    this.outSignals = [];
    return message;
  }
}

function mergeById(a: readonly LoggedDelivery[], b: readonly LoggedDelivery[]): LoggedDelivery[] {
  return [...a, ...b].sort((x, y) => Number(x.event.id) - Number(y.event.id));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

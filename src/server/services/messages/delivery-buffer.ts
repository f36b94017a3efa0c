// Delivered cursors, written in batches. Every client of every member reports what reached it
// (live, in history, in the chat list): in a group where everyone is online one message would
// be a write per member, and each write news to every member. Instead reports wait here for a
// moment and go to the database together, one transaction for every pending chat and member,
// and each author hears once per batch whose cursors passed their messages.
import { rowsOf } from "@/server/db/rows";
import { sql } from "drizzle-orm";
import type { EventBus } from "@/server/events/bus";
import { commitWithEvents } from "@/server/events/log";
import type { MemberCursors } from "@/server/events/types";
import { log } from "@/server/log";
import { chatMembers, messages } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import { emitStatus, tickedFor } from "@/server/services/messages/status";

/**
 * How long a report waits for others. Short enough that the sender's second tick looks
 * immediate; long enough that a message to a busy group, or a burst of messages, is reported
 * by all its recipients in one write instead of one per recipient and message.
 */
export const DELIVERY_FLUSH_MS = 250;

/**
 * How many batches an unwritten report may be part of before it is given up. A failed batch
 * (a deadlock with another instance, a connection lost for a moment) is tried again with the
 * next one, since a delivered tick that never comes is what a sender notices. Past a few
 * failures the database is down: the reports are dropped, with a warning, rather than kept
 * for an outage of unknown length; the client's next history page or chat list reports
 * delivery again (the cursor only moves forward, so a report made twice is harmless).
 */
export const DELIVERY_FLUSH_ATTEMPTS = 3;

type Report = { chatId: string; userId: string; seq: number; attempts: number };

class DeliveryBuffer {
  /** "chatId userId" → the furthest seq reported since the last batch. */
  private readonly pending = new Map<string, Report>();
  private timer: NodeJS.Timeout | null = null;
  /** The batch being written; batches go one after another. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServiceDeps) {}

  add(userId: string, reached: readonly { chatId: string; seq: number }[]) {
    for (const { chatId, seq } of reached) this.merge({ chatId, userId, seq, attempts: 0 });
    this.arm();
  }

  /** Writes everything reported so far; resolves once that batch has committed or failed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  private merge(report: Report) {
    const key = `${report.chatId} ${report.userId}`;
    const known = this.pending.get(key);
    if (!known || known.seq < report.seq) this.pending.set(key, report);
  }

  private arm() {
    if (this.timer || this.pending.size === 0) return;
    // Unref'd: a pending batch must not keep a script alive; the server flushes on shutdown.
    this.timer = setTimeout(() => void this.flush(), DELIVERY_FLUSH_MS).unref();
  }

  private async writeBatch() {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await writeDeliveries(this.deps, batch);
    } catch (error) {
      const retried = batch.filter((r) => r.attempts + 1 < DELIVERY_FLUSH_ATTEMPTS);
      log.warn(
        `Could not record ${batch.length} deliveries: ${retried.length} will be retried, ${batch.length - retried.length} dropped`,
        error,
      );
      for (const report of retried) this.merge({ ...report, attempts: report.attempts + 1 });
      this.arm();
    }
  }
}

// One buffer per bus (one per process; tests make their own), like the typing timers.
const buffersByBus = new WeakMap<EventBus, DeliveryBuffer>();

function bufferFor(deps: ServiceDeps): DeliveryBuffer {
  let buffer = buffersByBus.get(deps.bus);
  // A bus serves one database, so the first caller's deps serve every batch.
  if (!buffer) buffersByBus.set(deps.bus, (buffer = new DeliveryBuffer({ db: deps.db, bus: deps.bus })));
  return buffer;
}

export function bufferDelivery(deps: ServiceDeps, userId: string, reached: readonly { chatId: string; seq: number }[]) {
  if (reached.length > 0) bufferFor(deps).add(userId, reached);
}

/** Writes the reported deliveries now, for shutdown and for tests; waits for a batch under way. */
export function flushDeliveries(deps: ServiceDeps): Promise<void> {
  return buffersByBus.get(deps.bus)?.flush() ?? Promise.resolve();
}

type MovedRow = {
  chat_id: string;
  user_id: string;
  last_read_seq: number;
  last_delivered_seq: number;
  author_id: string | null;
};

/**
 * One statement for the batch: every cursor that is behind its report moves forward (never
 * back, and delivered stays at or above read, which only markRead moves, along with delivered),
 * and each moved cursor comes back with the authors of the messages it passed. The reports
 * travel as one JSON parameter, so a batch of any size fits one statement.
 */
async function writeDeliveries(deps: ServiceDeps, batch: readonly Report[]) {
  const reports = JSON.stringify(batch.map(({ chatId, userId, seq }) => ({ chat_id: chatId, user_id: userId, seq })));
  await commitWithEvents(deps, async (tx, emit) => {
    // `was` is the row as the statement's snapshot saw it. Should another transaction move the
    // cursor meanwhile, `was` is lower than the value replaced: the range covers a few messages
    // more, and their authors hear of cursors that are right anyway.
    const result = await tx.execute<MovedRow>(sql`
      WITH report AS (
        SELECT * FROM jsonb_to_recordset(${reports}::jsonb) AS r(chat_id text, user_id text, seq int)
      ),
      moved AS (
        UPDATE ${chatMembers} AS member SET last_delivered_seq = report.seq
        FROM report, ${chatMembers} AS was
        WHERE member.chat_id = report.chat_id AND member.user_id = report.user_id
          AND member.last_delivered_seq < report.seq
          AND was.chat_id = member.chat_id AND was.user_id = member.user_id
        RETURNING member.chat_id, member.user_id, member.last_read_seq, member.last_delivered_seq,
          was.last_delivered_seq AS from_seq
      )
      SELECT moved.chat_id, moved.user_id, moved.last_read_seq, moved.last_delivered_seq, author.author_id
      FROM moved
      LEFT JOIN LATERAL (
        SELECT DISTINCT ${messages.senderId} AS author_id FROM ${messages}
        WHERE ${messages.chatId} = moved.chat_id
          AND ${messages.seq} > moved.from_seq AND ${messages.seq} <= moved.last_delivered_seq
          AND ${tickedFor(sql`moved.user_id`)}
      ) AS author ON true`);
    for (const [chatId, { cursors, authors }] of byChat(rowsOf(result))) emitStatus(emit, chatId, cursors, authors);
  });
}

function byChat(rows: MovedRow[]) {
  const chats = new Map<string, { cursors: Map<string, MemberCursors>; authors: Set<string> }>();
  for (const row of rows) {
    let chat = chats.get(row.chat_id);
    if (!chat) chats.set(row.chat_id, (chat = { cursors: new Map(), authors: new Set() }));
    chat.cursors.set(row.user_id, {
      userId: row.user_id,
      lastReadSeq: Number(row.last_read_seq),
      lastDeliveredSeq: Number(row.last_delivered_seq),
    });
    if (row.author_id) chat.authors.add(row.author_id);
  }
  return [...chats].map(([chatId, chat]) => [chatId, { cursors: [...chat.cursors.values()], authors: chat.authors }] as const);
}


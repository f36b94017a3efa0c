// The durable event log. A service's events are written in the same transaction as its change
// and handed to the bus once it has committed, in id order (see positions.ts for why no lock
// is needed). Ephemeral signals (typing, presence, call signalling) skip the log: they go to
// the bus after the commit and are never replayed. A reconnecting client replays the log
// from its last event id.
import { and, asc, eq, gt, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { chatMembers, events } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import type { Delivery } from "./bus";
import { type LoggedDelivery, logPositions } from "./positions";
import { asHistoryShowsIt } from "./replay-history";
import { EPHEMERAL_TYPES, type EphemeralEvent, isEphemeral, type RelayEvent, type StoredEvent } from "./types";

/**
 * Who receives an event: the members of a chat at commit time (optionally all but one, such
 * as the person typing), one user, or the people who share a chat with a user (presence; see
 * contactsOf).
 */
export type Audience = { chatId: string; exceptUserId?: string } | { userId: string } | { contactsOf: string };
export type Emit = (event: Exclude<RelayEvent, { type: "stream:reset" }>, audience: Audience) => void;

type Pending<E> = { event: E; audience: Audience };
const BACKFILL_PAGE = 500;

/**
 * Runs `work` in one transaction; events it emits are logged in that transaction and
 * published to their audience once it has committed.
 */
export async function commitWithEvents<T>(deps: ServiceDeps, work: (tx: Executor, emit: Emit) => Promise<T>): Promise<T> {
  const positions = logPositions(deps.bus);
  await positions.ready(deps.db);
  let logged: LoggedDelivery[] = [];
  let ephemeral: Delivery[] = [];
  let writer: number | null = null;
  let result: T;
  try {
    result = await deps.db.transaction(async (tx) => {
      const durable: Pending<Exclude<RelayEvent, EphemeralEvent | { type: "stream:reset" }>>[] = [];
      const passing: Pending<EphemeralEvent>[] = [];
      const value = await work(tx, (event, audience) =>
        isEphemeral(event) ? passing.push({ event, audience }) : durable.push({ event, audience }),
      );
      const recipients = await recipientsFinder(tx, [...durable, ...passing].map((p) => p.audience));
      if (durable.length > 0) {
        writer = positions.begin();
        logged = await appendEvents(tx, durable, recipients);
        positions.allocated(
          writer,
          logged.map((d) => Number(d.event.id)),
        );
      }
      ephemeral = passing.map(({ event, audience }) => ({ event, recipients: recipients(audience) }));
      return value;
    });
  } catch (error) {
    // Rolled back: nothing to publish, but later ids must not wait for these.
    if (writer !== null) positions.settle(writer, []);
    throw error;
  }
  if (writer !== null) positions.settle(writer, logged);
  if (ephemeral.length > 0) deps.bus.publish(ephemeral);
  return result;
}

/**
 * For a write that logs its events in its own SQL (messages/send-statement.ts): `write` runs
 * as one of the log's writers, and the deliveries it logged are published once it has
 * committed, in id order, like commitWithEvents's.
 */
export async function withLogWriter<T>(deps: ServiceDeps, write: () => Promise<{ value: T; logged: LoggedDelivery[] }>): Promise<T> {
  const positions = logPositions(deps.bus);
  await positions.ready(deps.db);
  const writer = positions.begin();
  let logged: LoggedDelivery[] = [];
  try {
    const result = await write();
    logged = result.logged;
    positions.allocated(
      writer,
      logged.map((d) => Number(d.event.id)),
    );
    return result.value;
  } finally {
    // Rolled back: nothing to publish, but later ids must not wait for these.
    positions.settle(writer, logged);
  }
}

/** Sends an ephemeral signal to its audience now, with no transaction and no log row. */
export async function publishEphemeral(deps: ServiceDeps, event: EphemeralEvent, audience: Audience): Promise<void> {
  const recipients = await recipientsFinder(deps.db, [audience]);
  deps.bus.publish([{ event, recipients: recipients(audience) }]);
}

async function appendEvents(
  tx: Executor,
  pending: Pending<Exclude<RelayEvent, EphemeralEvent | { type: "stream:reset" }>>[],
  recipients: (audience: Audience) => string[],
): Promise<LoggedDelivery[]> {
  const rows = await tx
    .insert(events)
    .values(
      pending.map(({ event, audience }) => ({
        type: event.type,
        data: event.data,
        chatId: "chatId" in audience ? audience.chatId : null,
        exceptUserId: "chatId" in audience ? (audience.exceptUserId ?? null) : null,
        userId: "userId" in audience ? audience.userId : null,
      })),
    )
    .returning({ id: events.id });
  return pending.map(({ event, audience }, i) => ({
    event: { ...event, id: String(rows[i]!.id) } as StoredEvent,
    recipients: recipients(audience),
  }));
}

/**
 * Every logged event in (afterId, upTo], oldest first, addressed as it would be now (the chat's
 * members now): what an instance hands its own listeners when the bus lost it (redis-bus.ts).
 */
export async function loggedBetween(db: Executor, afterId: number, upTo: number): Promise<LoggedDelivery[]> {
  const out: LoggedDelivery[] = [];
  let cursor = afterId;
  while (cursor < upTo) {
    const rows = await db
      .select()
      .from(events)
      .where(and(gt(events.id, cursor), lte(events.id, upTo), notInArray(events.type, [...EPHEMERAL_TYPES])))
      .orderBy(asc(events.id))
      .limit(BACKFILL_PAGE);
    const audiences: Audience[] = rows.map((row) =>
      row.chatId !== null ? { chatId: row.chatId, exceptUserId: row.exceptUserId ?? undefined } : { userId: row.userId ?? "" },
    );
    const recipients = await recipientsFinder(db, audiences);
    rows.forEach((row, i) =>
      out.push({ event: { id: String(row.id), type: row.type, data: row.data } as StoredEvent, recipients: recipients(audiences[i]!) }),
    );
    cursor = rows.length === BACKFILL_PAGE ? rows[rows.length - 1]!.id : upTo;
  }
  return out;
}

/** Reads the members of every chat (and the contacts of every person) the audiences name. */
async function recipientsFinder(db: Executor, audiences: Audience[]): Promise<(audience: Audience) => string[]> {
  const chatIds = [...new Set(audiences.flatMap((a) => ("chatId" in a ? [a.chatId] : [])))];
  const members = chatIds.length
    ? await db
        .select({ chatId: chatMembers.chatId, userId: chatMembers.userId })
        .from(chatMembers)
        .where(inArray(chatMembers.chatId, chatIds))
    : [];
  const contactsBySubject = new Map<string, string[]>();
  for (const audience of audiences) {
    if ("contactsOf" in audience && !contactsBySubject.has(audience.contactsOf)) {
      contactsBySubject.set(audience.contactsOf, await contactsOf(db, audience.contactsOf));
    }
  }
  return (audience) => {
    if ("userId" in audience) return [audience.userId];
    if ("contactsOf" in audience) return contactsBySubject.get(audience.contactsOf) ?? [];
    return members.filter((m) => m.chatId === audience.chatId && m.userId !== audience.exceptUserId).map((m) => m.userId);
  };
}

/**
 * Presence goes to the people who share a chat of at most this many members with the user. In
 * a group of a thousand, everyone's comings and goings would be a million frames each time the
 * group connects; there a member list shows who is online when it is fetched.
 */
export const PRESENCE_CHAT_LIMIT = 100;

/** Everyone who shares a chat of at most PRESENCE_CHAT_LIMIT members with `userId`. */
async function contactsOf(db: Executor, userId: string): Promise<string[]> {
  const smallChats = db
    .select({ chatId: chatMembers.chatId })
    .from(chatMembers)
    .where(
      and(
        eq(chatMembers.userId, userId),
        sql`(SELECT count(*) FROM ${chatMembers} AS everyone WHERE everyone.chat_id = ${chatMembers.chatId}) <= ${PRESENCE_CHAT_LIMIT}`,
      ),
    );
  const rows = await db
    .selectDistinct({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(and(inArray(chatMembers.chatId, smallChats), sql`${chatMembers.userId} <> ${userId}`));
  return rows.map((r) => r.userId);
}

const myChatIds = (db: Executor, userId: string) =>
  db.select({ chatId: chatMembers.chatId }).from(chatMembers).where(eq(chatMembers.userId, userId));

/** Every logged event for `userId` in (afterId, upTo], oldest first, as history shows it now. */
export async function* replayEvents(
  db: Database,
  userId: string,
  afterId: number,
  upTo = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<StoredEvent> {
  for await (const page of replayPages(db, userId, afterId, upTo)) yield* page.events;
}

/**
 * The same, page by page. A page's `upTo` is the last logged id it covers: events of it that
 * history no longer shows (a message hidden "for me", or gone) are left out, but the reader is
 * past them.
 */
export async function* replayPages(
  db: Database,
  userId: string,
  afterId: number,
  upTo: number,
): AsyncGenerator<{ events: StoredEvent[]; upTo: number }> {
  let cursor = afterId;
  while (cursor < upTo) {
    // Membership as it is now: the chats I am in.
    const page = await db
      .select()
      .from(events)
      .where(
        and(
          gt(events.id, cursor),
          lte(events.id, upTo),
          // Rows a version of Relay that logged every signal left behind.
          notInArray(events.type, [...EPHEMERAL_TYPES]),
          sql`(${eq(events.userId, userId)} OR (${inArray(events.chatId, myChatIds(db, userId))} AND ${events.exceptUserId} IS DISTINCT FROM ${userId}))`,
        ),
      )
      .orderBy(asc(events.id))
      .limit(BACKFILL_PAGE);
    const stored = page.map((row) => ({ id: String(row.id), type: row.type, data: row.data }) as StoredEvent);
    const last = page.length === BACKFILL_PAGE ? page[page.length - 1]!.id : upTo;
    // Payloads are kept as written; the messages they carry may have changed since.
    if (stored.length > 0) yield { events: await asHistoryShowsIt(db, userId, stored), upTo: last };
    cursor = last;
  }
}

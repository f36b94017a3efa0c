// The durable event log. A service's events are written in the same transaction as its change,
// under a transaction-level lock so that ids grow in commit order; only after the commit are
// they handed to the bus. A reconnecting client replays the log from its last event id.
import { and, asc, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db";
import { chatMembers, events } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import type { Delivery, EventBus } from "./bus";
import { asHistoryShowsIt } from "./replay-history";
import type { RelayEvent, StoredEvent } from "./types";

/**
 * Who receives an event: the members of a chat at commit time (optionally all but one, such
 * as the person typing), one user, or everyone who shares a chat with a user (presence).
 */
export type Audience = { chatId: string; exceptUserId?: string } | { userId: string } | { contactsOf: string };
export type Emit = (event: RelayEvent, audience: Audience) => void;

// Any constant works; it only has to be the same for every writer of the log.
const EVENT_LOG_LOCK = 7_204_512;
const BACKFILL_PAGE = 500;

/**
 * Runs `work` in one transaction; events it emits are logged in that transaction and
 * published to their audience once it has committed, in the order of their ids.
 */
export async function commitWithEvents<T>(deps: ServiceDeps, work: (tx: Executor, emit: Emit) => Promise<T>): Promise<T> {
  let deliveries: Delivery[] = [];
  let turn: Turn | null = null;
  let result: T;
  try {
    result = await deps.db.transaction(async (tx) => {
      const pending: { event: RelayEvent; audience: Audience }[] = [];
      const value = await work(tx, (event, audience) => pending.push({ event, audience }));
      deliveries = await appendEvents(tx, pending);
      // Still under the log lock, so turns are taken in id order.
      if (deliveries.length > 0) turn = takeTurn(deps.bus);
      return value;
    });
  } catch (error) {
    // Rolled back: nothing to publish, but later transactions must not wait for it.
    if (turn) publishInTurn(deps.bus, turn, []);
    throw error;
  }
  if (turn) publishInTurn(deps.bus, turn, deliveries);
  return result;
}

/**
 * Commits are acknowledged on separate connections, so a later transaction can hear that it
 * committed before an earlier one does. Publishing waits for every earlier transaction of this
 * process, so a stream never yields an id before a smaller one (a client resuming from the
 * larger id would lose the smaller).
 */
type Turn = { deliveries: readonly Delivery[] | null };
const turnsByBus = new WeakMap<EventBus, Turn[]>();

function takeTurn(bus: EventBus): Turn {
  let turns = turnsByBus.get(bus);
  if (!turns) turnsByBus.set(bus, (turns = []));
  const turn: Turn = { deliveries: null };
  turns.push(turn);
  return turn;
}

function publishInTurn(bus: EventBus, turn: Turn, deliveries: readonly Delivery[]) {
  turn.deliveries = deliveries;
  const turns = turnsByBus.get(bus)!;
  while (turns[0]?.deliveries) {
    const ready = turns.shift()!.deliveries!;
    if (ready.length > 0) bus.publish(ready);
  }
}

async function appendEvents(
  tx: Executor,
  pending: { event: RelayEvent; audience: Audience }[],
): Promise<Delivery[]> {
  if (pending.length === 0) return [];
  const chatIds = [...new Set(pending.flatMap(({ audience }) => ("chatId" in audience ? [audience.chatId] : [])))];
  const members = chatIds.length
    ? await tx
        .select({ chatId: chatMembers.chatId, userId: chatMembers.userId })
        .from(chatMembers)
        .where(inArray(chatMembers.chatId, chatIds))
    : [];
  const contactsBySubject = new Map<string, string[]>();
  for (const { audience } of pending) {
    if ("contactsOf" in audience && !contactsBySubject.has(audience.contactsOf)) {
      contactsBySubject.set(audience.contactsOf, await contactsOf(tx, audience.contactsOf));
    }
  }
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK})`);
  const rows = await tx
    .insert(events)
    .values(
      pending.map(({ event, audience }) => ({
        type: event.type,
        data: event.data,
        chatId: "chatId" in audience ? audience.chatId : null,
        exceptUserId: "chatId" in audience ? (audience.exceptUserId ?? null) : null,
        userId: "userId" in audience ? audience.userId : null,
        contactsOf: "contactsOf" in audience ? audience.contactsOf : null,
      })),
    )
    .returning({ id: events.id });
  return pending.map(({ event, audience }, i) => ({
    event: { ...event, id: String(rows[i]!.id) } as StoredEvent,
    recipients: recipientsOf(audience, members, contactsBySubject),
  }));
}

function recipientsOf(
  audience: Audience,
  members: { chatId: string; userId: string }[],
  contactsBySubject: Map<string, string[]>,
): string[] {
  if ("userId" in audience) return [audience.userId];
  if ("contactsOf" in audience) return contactsBySubject.get(audience.contactsOf) ?? [];
  return members
    .filter((m) => m.chatId === audience.chatId && m.userId !== audience.exceptUserId)
    .map((m) => m.userId);
}

/** Everyone who shares at least one chat with `userId`. */
async function contactsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await sharingAChatWith(db, userId);
  return rows.map((r) => r.userId);
}

const myChatIds = (db: Executor, userId: string) =>
  db.select({ chatId: chatMembers.chatId }).from(chatMembers).where(eq(chatMembers.userId, userId));

/** The other members of `userId`'s chats, each once (the query both delivery and replay ask). */
const sharingAChatWith = (db: Executor, userId: string) =>
  db
    .selectDistinct({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(and(inArray(chatMembers.chatId, myChatIds(db, userId)), ne(chatMembers.userId, userId)));

/** Every logged event for `userId` after `afterId`, oldest first, as history shows it now. */
export async function* replayEvents(db: Database, userId: string, afterId: number): AsyncGenerator<StoredEvent> {
  for await (const page of replayPages(db, userId, afterId)) yield* page.events;
}

/**
 * The same, page by page. `upTo` is the last logged id a page covers: events of it that history
 * no longer shows (a message hidden "for me", or gone) are left out, but the reader is past them.
 */
export async function* replayPages(
  db: Database,
  userId: string,
  afterId: number,
): AsyncGenerator<{ events: StoredEvent[]; upTo: number }> {
  let cursor = afterId;
  while (true) {
    // Membership as it is now: the chats I am in, and the people I share one with.
    const myChats = myChatIds(db, userId);
    const myContacts = sharingAChatWith(db, userId);
    const page = await db
      .select()
      .from(events)
      .where(
        and(
          gt(events.id, cursor),
          or(
            eq(events.userId, userId),
            and(inArray(events.chatId, myChats), sql`${events.exceptUserId} IS DISTINCT FROM ${userId}`),
            inArray(events.contactsOf, myContacts),
          ),
        ),
      )
      .orderBy(asc(events.id))
      .limit(BACKFILL_PAGE);
    if (page.length === 0) return;
    const stored = page.map((row) => ({ id: String(row.id), type: row.type, data: row.data }) as StoredEvent);
    cursor = page[page.length - 1]!.id;
    // Payloads are kept as written; the messages they carry may have changed since.
    yield { events: await asHistoryShowsIt(db, userId, stored), upTo: cursor };
    if (page.length < BACKFILL_PAGE) return;
  }
}

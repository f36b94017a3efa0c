// Sends scheduled messages when they fall due. Every instance runs this every
// SCHEDULED_TICK_MS and once at start, so an item whose time came while no server ran goes
// out at the next start (its message then shows it was sent late). Each item is claimed with
// FOR UPDATE SKIP LOCKED and sent in the transaction that marks it sent: instances racing for
// it never both send it, and one dying mid-send leaves it to be sent by the next round. The
// item's client id is the message's too, so even a send that reached the database twice
// would find the first message.
import { TRPCError } from "@trpc/server";
import { and, asc, eq, lte } from "drizzle-orm";
import { env } from "@/env";
import type { Executor } from "@/server/db";
import { chatMembers, scheduledMessages, users } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { ServiceDeps } from "@/server/services/deps";
import { markFailed, markSent, type ScheduledRow, sendInputOf } from "@/server/services/messages/scheduled";
import { sendInTransaction } from "@/server/services/messages/send";
import { everyTick, type Ticker } from "./ticker";

type Outcome = "sent" | "failed";
export type RoundResult = { sent: number; failed: number };

/** Sends (or fails) every item due by `now`, one transaction each, until none is left to claim. */
export async function sendDueScheduled(deps: ServiceDeps, now: () => Date = () => new Date()): Promise<RoundResult> {
  const result: RoundResult = { sent: 0, failed: 0 };
  if (!(await anyDue(deps.db, now()))) return result;
  for (;;) {
    const outcome = await commitWithEvents(deps, (tx, emit) => sendOneDue(tx, emit, now()));
    if (!outcome) return result;
    result[outcome] += 1;
  }
}

/**
 * Whether any item is due: one indexed read on the pool, so that the tick every instance makes
 * every few seconds, which nearly always finds nothing, opens no transaction.
 */
async function anyDue(db: Executor, now: Date): Promise<boolean> {
  const [due] = await db
    .select({ id: scheduledMessages.id })
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.state, "scheduled"), lte(scheduledMessages.dueAt, now)))
    .limit(1);
  return due !== undefined;
}

async function sendOneDue(tx: Executor, emit: Emit, now: Date): Promise<Outcome | null> {
  // SKIP LOCKED: an item another instance (or the author's "send now") holds is theirs.
  const [row] = await tx
    .select()
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.state, "scheduled"), lte(scheduledMessages.dueAt, now)))
    .orderBy(asc(scheduledMessages.dueAt))
    .limit(1)
    .for("update", { skipLocked: true });
  if (!row) return null;
  const refusal = await whyNotSendable(tx, row);
  if (refusal) {
    await markFailed(tx, emit, row, refusal);
    return "failed";
  }
  try {
    // A savepoint: a refused send (a file gone, a reply target gone) is undone, the claim is not.
    const message = await tx.transaction((send) => sendInTransaction(send, emit, row.authorId, sendInputOf(row), { scheduledFor: row.dueAt }));
    await markSent(tx, emit, row, message.id);
    return "sent";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    await markFailed(tx, emit, row, `Not sent: ${error.message}`);
    return "failed";
  }
}

/** Why the author may no longer send it: banned, or out of the chat. Null: they may. */
async function whyNotSendable(tx: Executor, row: ScheduledRow): Promise<string | null> {
  const [author] = await tx.select({ bannedAt: users.bannedAt }).from(users).where(eq(users.id, row.authorId));
  if (!author || author.bannedAt) return "Not sent: your account was banned";
  const [member] = await tx
    .select({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, row.chatId), eq(chatMembers.userId, row.authorId)));
  if (!member) return "Not sent: you are no longer a member of this chat";
  return null;
}

/** Sends due items now and then every `tickMs` (default SCHEDULED_TICK_MS), until stopped. */
export function startScheduledSender(deps: ServiceDeps, options: { tickMs?: number } = {}): Ticker {
  return everyTick("send scheduled messages", () => sendDueScheduled(deps), options.tickMs ?? env().SCHEDULED_TICK_MS);
}

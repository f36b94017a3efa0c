// Receipts: each member has two cursors per chat, delivered and read (every message with a
// seq at or below one has reached / been read by that member). Moving either emits
// `message:status` to the authors of the messages it passed, from which they draw their ticks
// (see status.ts). Delivery is reported often and written in batches (delivery-buffer.ts).
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { chatMembers, chats, messages, readMarks } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { markReadInput } from "@/lib/validators";
import { notFound } from "@/server/services/errors";
import { requireMembership } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import { bufferDelivery, flushDeliveries } from "@/server/services/messages/delivery-buffer";
import { emitStatus, tickedFor } from "@/server/services/messages/status";

/**
 * Moves my read cursor forward to a message (default: the newest). Returns how many messages
 * from other people became read; the cursor never moves back.
 */
export async function markRead(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof markReadInput>,
): Promise<{ modifiedCount: number; lastReadSeq: number }> {
  return commitWithEvents(deps, async (tx, emit) => {
    // The row lock makes concurrent markRead calls of one member count each message once.
    const membership = await requireMembership(tx, input.chatId, userId, { forUpdate: true });
    let target: number;
    if (input.upToMessageId) {
      const [row] = await tx
        .select({ seq: messages.seq })
        .from(messages)
        .where(and(eq(messages.id, input.upToMessageId), eq(messages.chatId, input.chatId)));
      if (!row) throw notFound("Message");
      target = row.seq;
    } else {
      const [chat] = await tx.select({ lastSeq: chats.lastSeq }).from(chats).where(eq(chats.id, input.chatId));
      target = chat!.lastSeq;
    }
    if (target <= membership.lastReadSeq) return { modifiedCount: 0, lastReadSeq: membership.lastReadSeq };
    // What is read has been delivered too.
    const lastDeliveredSeq = Math.max(membership.lastDeliveredSeq, target);
    const now = new Date();
    await tx
      .update(chatMembers)
      .set({ lastReadSeq: target, lastDeliveredSeq, lastReadAt: now })
      .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, userId)));
    // When each message was read: the first mark at or beyond its seq (see messageReceipts).
    await tx.insert(readMarks).values({ chatId: input.chatId, userId, upToSeq: target, readAt: now }).onConflictDoNothing();
    // Per author: how many of theirs became read, and whether any of them shows ticks.
    const byAuthor = await tx
      .select({
        authorId: messages.senderId,
        n: sql<number>`count(*)::int`,
        ticked: sql<boolean>`bool_or(${tickedFor(userId)})`,
      })
      .from(messages)
      .where(
        and(
          eq(messages.chatId, input.chatId),
          sql`${messages.seq} > ${membership.lastReadSeq} AND ${messages.seq} <= ${target}`,
          sql`${messages.senderId} IS DISTINCT FROM ${userId}`,
        ),
      )
      .groupBy(messages.senderId);
    const cursors = [{ userId, lastReadSeq: target, lastDeliveredSeq }];
    emitStatus(emit, input.chatId, cursors, byAuthor.flatMap((a) => (a.ticked && a.authorId ? [a.authorId] : [])));
    // My other devices: their unread count for the chat drops.
    emit({ type: "message:status", data: { chatId: input.chatId, cursors } }, { userId });
    return { modifiedCount: byAuthor.reduce((sum, a) => sum + a.n, 0), lastReadSeq: target };
  });
}

/**
 * Records that messages up to `seq` reached the user's client (a live event, a history page or
 * the chat list). Written with the other reports of the next moment in one batch (see
 * delivery-buffer.ts), so it returns at once; cursors only move forward.
 */
export async function recordDelivery(deps: ServiceDeps, userId: string, reached: { chatId: string; seq: number }[]): Promise<void> {
  bufferDelivery(deps, userId, reached);
}

/** Writes every delivery reported so far now: at shutdown, and in tests before looking. */
export function flushReceipts(deps: ServiceDeps): Promise<void> {
  return flushDeliveries(deps);
}

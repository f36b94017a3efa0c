// Receipts: each member has two cursors per chat, delivered and read (every message with a
// seq at or below one has reached / been read by that member). Moving either emits
// `message:status`, from which senders draw their ticks.
import { and, eq, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import { chatMembers, chats, messages, readMarks } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { markReadInput } from "@/lib/validators";
import { notFound } from "@/server/services/errors";
import { requireMembership } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

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
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(
        and(
          eq(messages.chatId, input.chatId),
          sql`${messages.seq} > ${membership.lastReadSeq} AND ${messages.seq} <= ${target}`,
          sql`${messages.senderId} IS DISTINCT FROM ${userId}`,
        ),
      );
    emit(
      { type: "message:status", data: { chatId: input.chatId, userId, lastReadSeq: target, lastDeliveredSeq } },
      { chatId: input.chatId },
    );
    return { modifiedCount: counted?.n ?? 0, lastReadSeq: target };
  });
}

/**
 * Records that messages up to `seq` reached the user's client (a live event, a history page or
 * the chat list). Only moves cursors forward; a no-op costs one indexed update and no event.
 */
export async function recordDelivery(deps: ServiceDeps, userId: string, reached: { chatId: string; seq: number }[]): Promise<void> {
  if (reached.length === 0) return;
  await commitWithEvents(deps, async (tx, emit) => {
    for (const { chatId, seq } of reached) {
      const [moved] = await tx
        .update(chatMembers)
        .set({ lastDeliveredSeq: seq })
        .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId), lt(chatMembers.lastDeliveredSeq, seq)))
        .returning({ lastReadSeq: chatMembers.lastReadSeq });
      if (!moved) continue;
      emit(
        { type: "message:status", data: { chatId, userId, lastReadSeq: moved.lastReadSeq, lastDeliveredSeq: seq } },
        { chatId },
      );
    }
  });
}

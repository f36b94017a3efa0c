// Messages: sending (idempotent by client id), keyset history, read cursors.
import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Executor } from "@/server/db";
import { chatMembers, chats, messages } from "@/server/db/schema";
import { commitWithEvents, type Deps } from "@/server/events/log";
import type { listMessagesInput, markReadInput, sendMessageInput } from "@/lib/validators";
import { requireMembership } from "./chats";
import { conflict, isUniqueViolation, notFound } from "./errors";
import { type MessageView, toMessageView } from "./views";

export async function sendMessage(
  deps: Deps,
  senderId: string,
  input: z.infer<typeof sendMessageInput>,
): Promise<MessageView> {
  try {
    return await insertMessage(deps, senderId, input);
  } catch (error) {
    if (!input.clientId || !isUniqueViolation(error, "messages_sender_client_id_idx")) throw error;
    // A concurrent send with this client id in another chat committed first (retries in the
    // same chat wait on the chat lock instead and find the original).
    const original = await findByClientId(deps.db, senderId, input.clientId);
    if (original?.chatId === input.chatId) return toMessageView(original);
    throw conflict("That clientId was already used in another chat");
  }
}

async function insertMessage(
  deps: Deps,
  senderId: string,
  input: z.infer<typeof sendMessageInput>,
): Promise<MessageView> {
  return commitWithEvents(deps, async (tx, emit) => {
    await requireMembership(tx, input.chatId, senderId);
    // Locking the chat row serialises senders of one chat: seq stays gap-free, and a retry of
    // the same client id waits here for the first attempt and then finds it.
    await tx.execute(sql`SELECT 1 FROM ${chats} WHERE ${chats.id} = ${input.chatId} FOR UPDATE`);
    if (input.clientId) {
      const original = await findByClientId(tx, senderId, input.clientId);
      if (original) {
        if (original.chatId !== input.chatId) throw conflict("That clientId was already used in another chat");
        return toMessageView(original);
      }
    }
    const now = new Date();
    const messageId = createId();
    const [chat] = await tx
      .update(chats)
      .set({ lastSeq: sql`${chats.lastSeq} + 1`, lastActivityAt: now, lastMessageId: messageId })
      .where(eq(chats.id, input.chatId))
      .returning({ lastSeq: chats.lastSeq });
    const seq = chat!.lastSeq;
    const [row] = await tx
      .insert(messages)
      .values({ id: messageId, chatId: input.chatId, seq, senderId, content: input.content, clientId: input.clientId, createdAt: now })
      .returning();
    // Every member's chat list moves this chat up; the sender has read the chat up to here.
    await tx
      .update(chatMembers)
      .set({
        lastActivityAt: now,
        lastReadSeq: sql`CASE WHEN ${chatMembers.userId} = ${senderId} THEN ${seq} ELSE ${chatMembers.lastReadSeq} END`,
      })
      .where(eq(chatMembers.chatId, input.chatId));
    const message = toMessageView(row!);
    emit({ type: "message:new", data: { chatId: input.chatId, message } }, { chatId: input.chatId });
    emit(
      { type: "message:status", data: { chatId: input.chatId, userId: senderId, lastReadSeq: row!.seq } },
      { chatId: input.chatId },
    );
    return message;
  });
}

async function findByClientId(db: Executor, senderId: string, clientId: string) {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, clientId)))
    .limit(1);
  return row;
}

/** History newest first; `before` is a message id, and pages are keyset on seq. */
export async function listMessages(
  db: Database,
  userId: string,
  input: z.infer<typeof listMessagesInput>,
): Promise<{ items: MessageView[]; nextCursor: string | null }> {
  await requireMembership(db, input.chatId, userId);
  let beforeSeq: number | undefined;
  if (input.before) {
    const [anchor] = await db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, input.before), eq(messages.chatId, input.chatId)));
    if (!anchor) throw notFound("Message");
    beforeSeq = anchor.seq;
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, input.chatId), beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq)))
    .orderBy(desc(messages.seq))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map(toMessageView);
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}

export async function messageById(db: Database, userId: string, messageId: string): Promise<MessageView> {
  const [row] = await db.select().from(messages).where(eq(messages.id, messageId));
  if (!row) throw notFound("Message");
  // Someone outside the chat learns nothing, not even that the message exists.
  await requireMembership(db, row.chatId, userId).catch(() => {
    throw notFound("Message");
  });
  return toMessageView(row);
}

/**
 * Moves my read cursor forward to a message (default: the newest). Returns how many messages
 * from other people became read; the cursor never moves back.
 */
export async function markRead(
  deps: Deps,
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
    await tx
      .update(chatMembers)
      .set({ lastReadSeq: target })
      .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, userId)));
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
    emit({ type: "message:status", data: { chatId: input.chatId, userId, lastReadSeq: target } }, { chatId: input.chatId });
    return { modifiedCount: counted?.n ?? 0, lastReadSeq: target };
  });
}

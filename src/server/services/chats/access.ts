// Who may see what: the membership and visibility rules every chat and message service
// checks first. A leaf: it imports only the schema and the errors, so any service may use it
// without tying the services into a circle.
import { and, eq, notExists, sql } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { chatMembers, chats, hiddenMessages, messages } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { notFound } from "@/server/services/errors";

export type Membership = typeof chatMembers.$inferSelect;

/**
 * A person's membership of a chat. For the caller, a chat they are not in does not exist
 * ("Chat not found"); checking someone else, pass `missing: "Member"`.
 */
export async function requireMembership(
  db: Executor,
  chatId: string,
  userId: string,
  options: { forUpdate?: boolean; missing?: "Chat" | "Member" } = {},
): Promise<Membership> {
  const query = db
    .select()
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
    .limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(options.missing ?? "Chat");
  return row;
}

/**
 * Locks the chat row: senders of one chat queue here, so seq stays gap-free, and a retry of a
 * client id waits for the first attempt and then finds it.
 */
export async function lockChat(tx: Executor, chatId: string): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM ${chats} WHERE ${chats.id} = ${chatId} FOR UPDATE`);
}

/** Messages I deleted "for me" never come back to me. */
export const notHiddenFor = (userId: string) =>
  notExists(
    sql`(SELECT 1 FROM ${hiddenMessages} WHERE ${hiddenMessages.messageId} = ${messages.id} AND ${hiddenMessages.userId} = ${userId})`,
  );

/**
 * A message the caller may see: in one of their chats and not deleted by them "for me".
 * Anyone else learns nothing, not even that it exists.
 */
export async function requireVisibleMessage(
  db: Executor,
  userId: string,
  messageId: string,
  options: { lock?: "update" | "share" } = {},
): Promise<MessageRow> {
  const query = db
    .select({ message: messageRow })
    .from(messages)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
    .where(and(eq(messages.id, messageId), notHiddenFor(userId)));
  const [row] = options.lock ? await query.for(options.lock, { of: messages }) : await query;
  if (!row) throw notFound("Message");
  return row.message;
}

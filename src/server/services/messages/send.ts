// Sending messages: idempotent by client id, with replies, contact cards, files and voice.
// History and single reads are in history.ts; what people do to a message afterwards in actions.ts.
import { newId } from "@/server/db/ids";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { chats, messages, users } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { sendMessageInput } from "@/lib/validators";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/server/services/errors";
import type { FileRow } from "@/server/services/media/file-access";
import { insertAttachments, requireOwnUploads, requireRecording } from "@/server/services/messages/attachments";
import { hydrateMessage } from "@/server/services/messages/hydration";
import { moveSenderCursors } from "@/server/services/messages/status";
import { endTyping } from "@/server/services/messages/typing";
import type { MessageView } from "@/server/services/dto";
import { lockChat, requireMembership } from "@/server/services/chats/access";
import { columnsOf, sendInOneStatement } from "@/server/services/messages/send-statement";
import type { ServiceDeps } from "@/server/services/deps";

type SendInput = z.infer<typeof sendMessageInput>;

export async function sendMessage(deps: ServiceDeps, senderId: string, input: SendInput): Promise<MessageView> {
  try {
    const message = input.attachments?.length ? await insertMessage(deps, senderId, input) : await sendWithoutFiles(deps, senderId, input);
    await endTyping(deps, input.chatId, senderId);
    return message;
  } catch (error) {
    if (!input.clientId || !isUniqueViolation(error, "messages_sender_client_id_idx")) throw error;
    // A concurrent send with this client id committed first: in another chat, or in this one
    // while this send waited for the chat's row (then it is the original, returned).
    const original = await earlierSend(deps.db, senderId, input);
    if (original) return original;
    throw conflict(CLIENT_ID_REUSED);
  }
}

/**
 * Text, stickers and contact cards: one trip to the database (send-statement.ts). What must
 * hold before (a reply quotes a message of this chat, a card shows someone who exists) is
 * checked first; a message never moves to another chat, so the check stays true.
 */
async function sendWithoutFiles(deps: ServiceDeps, senderId: string, input: SendInput): Promise<MessageView> {
  if (input.replyToId || input.kind === "contact") {
    await requireMembership(deps.db, input.chatId, senderId);
    if (input.replyToId) await requireReplyTarget(deps.db, input.chatId, input.replyToId);
    if (input.kind === "contact") await requireContact(deps.db, input.contactUserId!);
  }
  const sent = await sendInOneStatement(deps, senderId, input);
  if (sent) return sent;
  const original = await earlierSend(deps.db, senderId, input);
  if (!original) throw notFound("Chat");
  return original;
}

/** With files: the uploads are checked and attached in the send's own transaction. */
async function insertMessage(deps: ServiceDeps, senderId: string, input: SendInput): Promise<MessageView> {
  return commitWithEvents(deps, (tx, emit) => sendInTransaction(tx, emit, senderId, input));
}

/**
 * A send of any kind inside the caller's transaction, with every check a send makes (the
 * scheduler sends this way, in the transaction that marks its item sent). A client id used
 * before returns that message.
 */
export async function sendInTransaction(
  tx: Executor,
  emit: Emit,
  senderId: string,
  input: SendInput,
  extra: { scheduledFor?: Date } = {},
): Promise<MessageView> {
  await requireMembership(tx, input.chatId, senderId);
  await lockChat(tx, input.chatId);
  const original = await earlierSend(tx, senderId, input);
  if (original) return original;
  if (input.replyToId) await requireReplyTarget(tx, input.chatId, input.replyToId);
  if (input.kind === "contact") await requireContact(tx, input.contactUserId!);
  const attachments = input.attachments ? await requireOwnUploads(tx, senderId, input.attachments) : [];
  if (input.kind === "voice") requireRecording(attachments[0]!);
  return appendMessage(tx, emit, {
    ...columnsOf(input),
    senderId,
    attachments,
    durationSec: input.kind === "voice" ? input.durationSec! : null,
    scheduledFor: extra.scheduledFor ?? null,
    expiresInSec: input.expiresInSec,
  });
}

export type NewMessage = Pick<MessageRow, "chatId" | "senderId" | "kind" | "content"> &
  Partial<
    Pick<
      MessageRow,
      | "replyToId"
      | "contactUserId"
      | "clientId"
      | "forwardedFromUserId"
      | "forwardedFromName"
      | "sticker"
      | "durationSec"
      | "callId"
      | "scheduledFor"
      | "secure"
    >
  > & {
    attachments?: FileRow[];
    /** The message's own disappearing time; otherwise the chat's timer applies (never to system lines). */
    expiresInSec?: number;
  };

/**
 * Appends a message to a chat whose row the caller has locked (lockChat): the next seq, the
 * chat's activity (which moves it up every member's list), the sender's cursors moved past
 * it, and `message:new`. (Text without files takes the one-statement way: send-statement.ts.)
 */
export async function appendMessage(
  tx: Executor,
  emit: Emit,
  newMessage: NewMessage,
  /** Writes what the message's kind keeps beside it (a poll), before `message:new` shows it. */
  alongside?: (row: MessageRow) => Promise<void>,
): Promise<MessageView> {
  const { attachments = [], expiresInSec, ...values } = newMessage;
  const now = new Date();
  const messageId = newId();
  const [chat] = await tx
    .update(chats)
    .set({ lastSeq: sql`${chats.lastSeq} + 1`, lastActivityAt: now, lastMessageId: messageId })
    .where(eq(chats.id, values.chatId))
    .returning({ lastSeq: chats.lastSeq, disappearingSeconds: chats.disappearingSeconds });
  const seq = chat!.lastSeq;
  // System lines (who set the timer, who joined) stay: they are the chat's record, not its talk.
  const lifetime = expiresInSec ?? (values.kind === "system" ? null : chat!.disappearingSeconds);
  const expiresAt = lifetime ? new Date(now.getTime() + lifetime * 1000) : null;
  const [row] = await tx
    .insert(messages)
    .values({ ...values, id: messageId, seq, createdAt: now, expiresAt })
    .returning(messageRow);
  await insertAttachments(tx, row!, attachments);
  if (alongside) await alongside(row!);
  const sender = values.senderId;
  // Writing in a chat reads it: the sender's cursors move past the message. The others learn
  // that from `message:new` itself, so no `message:status` goes out for it. The chat's activity
  // lives on its row alone (the chat list sorts by it), so the other members' rows are not
  // touched: a send costs the same in a group of 2 or of 10,000.
  if (sender) await moveSenderCursors(tx, values.chatId, sender, seq);
  // A new message has no reactions or votes yet, so this view is the same for every member.
  const message = await hydrateMessage(tx, sender ?? "", row!, { fresh: true });
  emit({ type: "message:new", data: { chatId: values.chatId, message } }, { chatId: values.chatId });
  return message;
}

export async function requireReplyTarget(tx: Executor, chatId: string, replyToId: string) {
  const [target] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, replyToId), eq(messages.chatId, chatId)));
  if (!target) throw badRequest("You can only reply to a message of this chat");
}

export async function requireContact(tx: Executor, userId: string) {
  const [user] = await tx.select({ bannedAt: users.bannedAt }).from(users).where(eq(users.id, userId));
  if (!user || user.bannedAt) throw notFound("User");
}

const CLIENT_ID_REUSED = "That clientId was already used in another chat";

/**
 * The message an earlier send with this client id made, if any: a retry gets it back. The same
 * client id in another chat is a CONFLICT, never a second message.
 */
export async function earlierSend(db: Executor, senderId: string, input: Pick<SendInput, "chatId" | "clientId">): Promise<MessageView | null> {
  if (!input.clientId) return null;
  const [original] = await db
    .select(messageRow)
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, input.clientId)))
    .limit(1);
  if (!original) return null;
  if (original.chatId !== input.chatId) throw conflict(CLIENT_ID_REUSED);
  return hydrateMessage(db, senderId, original);
}

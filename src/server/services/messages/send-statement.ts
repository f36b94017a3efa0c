// A message without files, sent in one trip to the database: the send is the hot path of a
// messenger, and each statement of it used to be its own round trip (ten of them). Here the
// whole send is two statements in one pipelined transaction (db/pipeline.ts):
//
// 1. The chat's row locked, for members only: senders of one chat queue here, so seq stays
//    gap-free and a retried client id waits for its first attempt.
// 2. One statement, with a snapshot taken after that lock: unless the client id was already
//    used, the chat's next seq and activity, the message, the sender's cursors moved past it,
//    and the log's rows (`message:new` to the chat, `message:status` to each author whose
//    message the sender's cursor passed), with the chat's members for the bus.
//
// The event's payload is the message as the sender built it, with the seq the database gave.
import { newId } from "@/server/db/ids";
import type { z } from "zod";
import { pipelinedTransaction, type Row } from "@/server/db/pipeline";
import { withLogWriter } from "@/server/events/log";
import type { LoggedDelivery } from "@/server/events/positions";
import type { StoredEvent } from "@/server/events/types";
import type { sendMessageInput } from "@/lib/validators";
import { hydrateMessage, type MessageRow } from "@/server/services/messages/hydration";
import type { MessageView } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

type SendInput = z.infer<typeof sendMessageInput>;

const LOCK_CHAT_OF_MEMBER = `
SELECT 1 FROM chats c JOIN chat_members m ON m.chat_id = c.id AND m.user_id = $2
WHERE c.id = $1 FOR UPDATE OF c`;

// $1 chat, $2 sender, $3 now, $4 message id, $5 client id, $6 kind, $7 content, $8 reply to,
// $9 contact, $10 sticker, $11 the `message:new` payload (its seq filled in here).
const APPEND = `
WITH member AS (
  SELECT last_read_seq FROM chat_members WHERE chat_id = $1 AND user_id = $2
), bumped AS (
  UPDATE chats SET last_seq = last_seq + 1, last_activity_at = $3::timestamptz, last_message_id = $4
  WHERE id = $1 AND EXISTS (SELECT 1 FROM member)
    AND NOT EXISTS (SELECT 1 FROM messages WHERE sender_id = $2 AND client_id = $5)
  RETURNING last_seq
), inserted AS (
  INSERT INTO messages (id, chat_id, seq, sender_id, kind, content, client_id, reply_to_id, contact_user_id, sticker, created_at)
  SELECT $4, $1, last_seq, $2, $6, $7, $5, $8, $9, $10, $3::timestamptz FROM bumped
  RETURNING seq
), moved AS (
  UPDATE chat_members SET last_read_seq = inserted.seq, last_delivered_seq = inserted.seq
  FROM inserted WHERE chat_id = $1 AND user_id = $2
), authors AS (
  SELECT DISTINCT m.sender_id AS id FROM messages m, member, inserted
  WHERE m.chat_id = $1 AND m.seq > member.last_read_seq AND m.seq < inserted.seq
    AND m.sender_id IS NOT NULL AND m.sender_id <> $2 AND m.kind <> 'system'
), logged AS (
  INSERT INTO events (type, chat_id, user_id, data)
  SELECT 'message:new', $1, NULL, jsonb_set($11::text::jsonb, '{message,seq}', to_jsonb(inserted.seq)) FROM inserted
  UNION ALL
  SELECT 'message:status', NULL, authors.id, jsonb_build_object('chatId', $1::text, 'cursors', jsonb_build_array(
    jsonb_build_object('userId', $2::text, 'lastReadSeq', inserted.seq, 'lastDeliveredSeq', inserted.seq)))
  FROM inserted, authors
  RETURNING id, type, user_id
)
SELECT logged.id::text AS event_id, logged.type, logged.user_id AS author_id, inserted.seq,
  CASE WHEN logged.type = 'message:new' THEN (SELECT array_agg(user_id) FROM chat_members WHERE chat_id = $1) END AS members
FROM logged, inserted`;

export type StatementSend =
  | { sent: MessageView }
  /** Not a member of the chat (or no longer). */
  | { notMember: true }
  /** The client id was used before: the caller looks up that message. */
  | { duplicate: true };

/** Sends a message without attachments; checks of its reply target and contact come first. */
export async function sendInOneStatement(deps: ServiceDeps, senderId: string, input: SendInput): Promise<StatementSend> {
  const now = new Date();
  const row: MessageRow = {
    id: newId(),
    chatId: input.chatId,
    seq: 0, // given by the database
    senderId,
    kind: input.kind,
    content: input.content?.trim() ? input.content : "",
    clientId: input.clientId ?? null,
    replyToId: input.replyToId ?? null,
    contactUserId: input.kind === "contact" ? input.contactUserId! : null,
    forwardedFromUserId: null,
    forwardedFromName: null,
    pinnedAt: null,
    pinnedBy: null,
    sticker: input.sticker ?? null,
    durationSec: null,
    callId: null,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
  };
  // A new message has no reactions yet, so this view is the same for every member.
  const message = await hydrateMessage(deps.db, senderId, row, { fresh: true });
  const payload = JSON.stringify({ chatId: row.chatId, message });
  // Text on the wire: a parameter the server types as jsonb or timestamptz would be encoded again.
  const params = [row.chatId, senderId, now.toISOString(), row.id, row.clientId, row.kind, row.content, row.replyToId, row.contactUserId, row.sticker, payload];

  return withLogWriter<StatementSend>(deps, async () => {
    const [locked, appended] = (await pipelinedTransaction(deps.db, [
      { text: LOCK_CHAT_OF_MEMBER, params: [row.chatId, senderId] },
      { text: APPEND, params },
    ])) as [Row[], AppendedRow[]];
    if (locked.length === 0) return { value: { notMember: true }, logged: [] };
    if (appended.length === 0) return { value: { duplicate: true }, logged: [] };
    message.seq = appended[0]!.seq;
    return { value: { sent: message }, logged: appended.map((r) => delivery(r, message, senderId)) };
  });
}

type AppendedRow = { event_id: string; type: "message:new" | "message:status"; author_id: string | null; seq: number; members: string[] | null };

function delivery(row: AppendedRow, message: MessageView, senderId: string): LoggedDelivery {
  const { chatId, seq } = message;
  if (row.type === "message:new") {
    const event = { id: row.event_id, type: "message:new", data: { chatId, message } } as StoredEvent;
    return { event, recipients: row.members ?? [] };
  }
  const cursors = [{ userId: senderId, lastReadSeq: seq, lastDeliveredSeq: seq }];
  const event = { id: row.event_id, type: "message:status", data: { chatId, cursors } } as StoredEvent;
  return { event, recipients: [row.author_id!] };
}

// A message without files, sent as one statement: the send is the hot path of a messenger, and
// each statement of it used to be its own round trip (ten of them). Atomic on its own, so no
// transaction is needed around it:
//
// - unless this sender's client id was already used, the chat's row takes the next seq and
//   the activity (only for a member; senders of one chat queue on the row's lock, so seq
//   stays gap-free), and gives its disappearing timer;
// - the message (expiring after its own time, else the chat's timer, if either is set), the
//   sender's cursors moved past it (sending reads the chat: the others learn it from
//   `message:new` itself, so the send logs no `message:status`);
// - the log's row, with the message as the sender built it and the seq the database gave;
// - the chat's members, for the bus.
//
// A retry racing its first attempt waits for the chat's lock and then fails on the unique
// client id (its snapshot predates the first attempt's commit); the caller finds the original.
import type { z } from "zod";
import { newId } from "@/server/db/ids";
import { runStatement } from "@/server/db/statement";
import { withLogWriter } from "@/server/events/log";
import type { StoredEvent } from "@/server/events/types";
import type { sendMessageInput } from "@/lib/validators";
import type { MessageRow } from "@/server/db/message-row";
import { hydrateMessage } from "@/server/services/messages/hydration";
import type { MessageView } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

type SendInput = z.infer<typeof sendMessageInput>;

// $1 chat, $2 sender, $3 now, $4 message id, $5 client id, $6 kind, $7 content, $8 reply to,
// $9 contact, $10 sticker, $11 the `message:new` payload (its seq and expiry filled in here),
// $12 the message's own disappearing time in seconds (null: the chat's timer). Timestamps
// and the payload travel as text: a parameter the server types as jsonb would be encoded again.
const APPEND = `
WITH bumped AS (
  UPDATE chats SET last_seq = last_seq + 1, last_activity_at = $3::timestamptz, last_message_id = $4
  WHERE id = $1
    AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = $1 AND user_id = $2)
    AND NOT EXISTS (SELECT 1 FROM messages WHERE sender_id = $2 AND client_id = $5)
  RETURNING last_seq, disappearing_seconds
), inserted AS (
  INSERT INTO messages (id, chat_id, seq, sender_id, kind, content, client_id, reply_to_id, contact_user_id, sticker, created_at, expires_at)
  SELECT $4, $1, last_seq, $2, $6, $7, $5, $8, $9, $10, $3::timestamptz,
    $3::timestamptz + make_interval(secs => COALESCE($12::int, disappearing_seconds)) FROM bumped
  RETURNING seq, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at
), moved AS (
  UPDATE chat_members SET last_read_seq = inserted.seq, last_delivered_seq = inserted.seq
  FROM inserted WHERE chat_id = $1 AND user_id = $2
), logged AS (
  INSERT INTO events (type, chat_id, data)
  SELECT 'message:new', $1,
    jsonb_set(jsonb_set($11::text::jsonb, '{message,seq}', to_jsonb(inserted.seq)), '{message,expiresAt}', COALESCE(to_jsonb(inserted.expires_at), 'null'::jsonb))
  FROM inserted
  RETURNING id
)
SELECT logged.id::text AS event_id, inserted.seq, inserted.expires_at, (SELECT array_agg(user_id) FROM chat_members WHERE chat_id = $1) AS members
FROM logged, inserted`;

/** What a send asks for, as the message's own columns (whichever way it is written). */
export function columnsOf(input: SendInput) {
  return {
    chatId: input.chatId,
    kind: input.kind,
    content: input.content?.trim() ? input.content : "",
    clientId: input.clientId ?? null,
    replyToId: input.replyToId ?? null,
    contactUserId: input.kind === "contact" ? input.contactUserId! : null,
    sticker: input.sticker ?? null,
  };
}

/**
 * Sends a message without attachments (checks of its reply target and contact come first).
 * Null when nothing was sent: the sender is not a member, or the client id was used before.
 */
export async function sendInOneStatement(deps: ServiceDeps, senderId: string, input: SendInput): Promise<MessageView | null> {
  const now = new Date();
  const row: MessageRow = {
    ...columnsOf(input),
    id: newId(),
    seq: 0, // given by the database
    senderId,
    forwardedFromUserId: null,
    forwardedFromName: null,
    pinnedAt: null,
    pinnedBy: null,
    durationSec: null,
    callId: null,
    secure: null,
    scheduledFor: null,
    expiresAt: null, // given by the database
    createdAt: now,
    editedAt: null,
    deletedAt: null,
  };
  // A new message has no reactions yet, so this view is the same for every member.
  const message = await hydrateMessage(deps.db, senderId, row, { fresh: true });
  const payload = JSON.stringify({ chatId: row.chatId, message });
  const params = [row.chatId, senderId, now.toISOString(), row.id, row.clientId, row.kind, row.content, row.replyToId, row.contactUserId, row.sticker, payload, input.expiresInSec ?? null];

  return withLogWriter<MessageView | null>(deps, async () => {
    const [appended] = await runStatement<AppendedRow>(deps.db, APPEND, params);
    if (!appended) return { value: null, logged: [] };
    message.seq = appended.seq;
    message.expiresAt = appended.expires_at;
    const event = { id: appended.event_id, type: "message:new", data: { chatId: row.chatId, message } } as StoredEvent;
    return { value: message, logged: [{ event, recipients: appended.members }] };
  });
}

type AppendedRow = { event_id: string; seq: number; expires_at: string | null; members: string[] };

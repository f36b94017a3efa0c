// Deletes disappearing messages whose time has come, for everyone and from the server: the
// row (no tombstone; its reactions, hides, reports and attachments go with it by cascade),
// the log's copies of its text (its own `message:new`/`message:updated`, and the quotes of it
// in replies' events), and the files it carried unless another message, a pending scheduled
// message or an avatar still uses them (their bytes are removed once the deletion commits).
// Every instance runs this every MESSAGE_EXPIRY_TICK_MS; the job's claim (jobs/claim.ts) lets
// one of them at a time do a batch, so a message is deleted, and announced, once.
import { and, asc, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { env } from "@/env";
import type { Executor } from "@/server/db";
import { rowsOf } from "@/server/db/rows";
import { chats, files, messageAttachments, messages } from "@/server/db/schema";
import type { Emit } from "@/server/events/log";
import { log } from "@/server/log";
import { iso } from "@/server/services/dto";
import { expiredPreview } from "@/server/services/messages/hydration";
import type { ServiceDeps } from "@/server/services/deps";
import { fileStorages, type Storages, storageFor } from "@/server/storage";
import type { StorageKind } from "@/server/storage/types";
import { runClaimedWithEvents } from "./claim";
import { everyTick, type Ticker } from "./ticker";

const JOB = "message-expiry";
const BATCH = 200;

export type ExpiryDeps = ServiceDeps & { storages?: Storages };
type StoredBytes = { storage: StorageKind; keys: string[] };

/** Deletes every message expired by `now`, a batch per transaction; the number deleted. */
export async function deleteExpiredMessages(deps: ExpiryDeps, now: () => Date = () => new Date()): Promise<number> {
  if (!(await anyExpired(deps.db, now()))) return 0;
  let deleted = 0;
  for (;;) {
    const claimed = await runClaimedWithEvents(deps, JOB, (tx, emit) => deleteBatch(tx, emit, now()));
    // Another instance holds the job: it deletes what is due.
    if (!claimed.ran) return deleted;
    const { count, bytes } = claimed.value;
    await removeBytes(deps.storages ?? fileStorages(), bytes);
    deleted += count;
    if (count < BATCH) return deleted;
  }
}

/**
 * Whether any message is due: one indexed read on the pool. Every instance ticks every few
 * seconds and nearly every tick finds nothing; a transaction with a claim per tick cost the
 * sends around it more (the delivery benchmark's ramp, bench/README.md).
 */
async function anyExpired(db: Executor, now: Date): Promise<boolean> {
  const [due] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(isNotNull(messages.expiresAt), lte(messages.expiresAt, now)))
    .limit(1);
  return due !== undefined;
}

async function deleteBatch(tx: Executor, emit: Emit, now: Date): Promise<{ count: number; bytes: StoredBytes[] }> {
  // Locked: an edit or a pin in flight finishes first (and its event is then removed too).
  const due = await tx
    .select({ id: messages.id, chatId: messages.chatId })
    .from(messages)
    .where(and(isNotNull(messages.expiresAt), lte(messages.expiresAt, now)))
    .orderBy(asc(messages.expiresAt))
    .limit(BATCH)
    .for("update");
  if (due.length === 0) return { count: 0, bytes: [] };
  const ids = due.map((m) => m.id);
  const chatIds = [...new Set(due.map((m) => m.chatId))];
  const attached = await tx
    .selectDistinct({ fileId: messageAttachments.fileId })
    .from(messageAttachments)
    .where(inArray(messageAttachments.messageId, ids));

  await forgetInLog(tx, chatIds, ids);
  await tx.delete(messages).where(inArray(messages.id, ids));
  // The chat list's preview moves back to the newest message left.
  await tx
    .update(chats)
    .set({ lastMessageId: sql`(SELECT m.id FROM messages m WHERE m.chat_id = ${chats.id} ORDER BY m.seq DESC LIMIT 1)` })
    .where(and(inArray(chats.id, chatIds), inArray(chats.lastMessageId, ids)));
  const bytes = await deleteUnusedFiles(
    tx,
    attached.map((a) => a.fileId),
  );
  const deletedAt = iso(now);
  for (const { id, chatId } of due) {
    emit({ type: "message:deleted", data: { chatId, messageId: id, scope: "everyone", deletedAt, expired: true } }, { chatId });
  }
  return { count: due.length, bytes };
}

/**
 * The log keeps what it carried as written: the messages' own events go, and replies' events
 * quote them as expired. (Found through the chats' index; the log is pruned, so it is short.)
 */
async function forgetInLog(tx: Executor, chatIds: string[], ids: string[]) {
  const chatList = sql.join(
    chatIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  await tx.execute(sql`
    DELETE FROM events
    WHERE chat_id IN (${chatList}) AND type IN ('message:new', 'message:updated') AND data->'message'->>'id' IN (${idList})`);
  const quoted = rowsOf<{ id: string; quoted: string }>(
    await tx.execute(sql`
      SELECT id::text AS id, data->'message'->'replyTo'->>'id' AS quoted FROM events
      WHERE chat_id IN (${chatList}) AND type IN ('message:new', 'message:updated')
        AND data->'message'->'replyTo'->>'id' IN (${idList})`),
  );
  for (const { id, quoted: originalId } of quoted) {
    const preview = JSON.stringify(expiredPreview(originalId));
    await tx.execute(sql`UPDATE events SET data = jsonb_set(data, '{message,replyTo}', ${preview}::text::jsonb) WHERE id = ${id}::bigint`);
  }
}

/** Deletes the files no message, pending scheduled message or avatar uses; their stored bytes. */
async function deleteUnusedFiles(tx: Executor, fileIds: string[]): Promise<StoredBytes[]> {
  if (fileIds.length === 0) return [];
  const gone = await tx
    .delete(files)
    .where(
      and(
        inArray(files.id, fileIds),
        sql`NOT EXISTS (SELECT 1 FROM message_attachments WHERE file_id = ${files.id})`,
        sql`NOT EXISTS (SELECT 1 FROM users WHERE avatar_file_id = ${files.id})`,
        sql`NOT EXISTS (SELECT 1 FROM scheduled_messages WHERE state <> 'sent' AND attachment_ids ? ${files.id})`,
      ),
    )
    .returning({ storage: files.storage, storageKey: files.storageKey, thumbnailKey: files.thumbnailKey, coverKey: files.coverKey });
  return gone.map((f) => ({ storage: f.storage, keys: [f.storageKey, f.thumbnailKey, f.coverKey].filter((k): k is string => k !== null) }));
}

async function removeBytes(storages: Storages, stored: StoredBytes[]) {
  const removals = stored.flatMap(({ storage, keys }) => keys.map((key) => storageFor(storages, storage).delete(key)));
  const results = await Promise.allSettled(removals);
  for (const result of results) {
    if (result.status === "rejected") log.warn("Could not remove an expired message's file from storage", result.reason);
  }
}

/** Deletes expired messages now and then every `tickMs` (default MESSAGE_EXPIRY_TICK_MS), until stopped. */
export function startMessageExpiry(deps: ExpiryDeps, options: { tickMs?: number } = {}): Ticker {
  return everyTick("delete expired messages", () => deleteExpiredMessages(deps), options.tickMs ?? env().MESSAGE_EXPIRY_TICK_MS);
}

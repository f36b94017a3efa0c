// Scheduled messages, as their author handles them: schedule (messages.send with scheduledFor),
// list, edit, cancel, send now. An item is the author's alone: nobody else learns of it (no
// event, no history, no chat list) until the scheduler (jobs/scheduled-sender.ts) sends it as
// an ordinary message. Each change is told to the author's other devices (`scheduled:updated`).
import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { env } from "@/env";
import type { editScheduledInput, sendMessageInput } from "@/lib/validators";
import type { Executor } from "@/server/db";
import { files, scheduledMessages } from "@/server/db/schema";
import { newId } from "@/server/db/ids";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { ScheduledAction } from "@/server/events/types";
import { requireMembership } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import { iso, type MessageView, type ScheduledMessageView, toFileView } from "@/server/services/dto";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/server/services/errors";
import { requireOwnUploads, requireRecording } from "@/server/services/messages/attachments";
import type { MessageRow } from "@/server/db/message-row";
import { hydrateMessages } from "@/server/services/messages/hydration";
import { requireContact, requireReplyTarget, sendInTransaction } from "@/server/services/messages/send";
import { unique } from "@/server/services/unique";

type SendInput = z.infer<typeof sendMessageInput>;
export type ScheduledRow = typeof scheduledMessages.$inferSelect;

const MAX_LEAD_MS = 365 * 24 * 3600 * 1000;
const PENDING = ["scheduled", "failed"] as const;
const CLIENT_ID_REUSED = "That clientId was already used in another chat";

/** The shortest time ahead a message may be scheduled for (SCHEDULED_MIN_LEAD_SECONDS). */
export function minimumLeadMs(): number {
  return env().SCHEDULED_MIN_LEAD_SECONDS * 1000;
}

function requireLeadTime(dueAt: Date, now = Date.now()) {
  const lead = dueAt.getTime() - now;
  const minimum = minimumLeadMs();
  if (!(lead >= minimum)) {
    const ahead = minimum >= 60_000 ? `${Math.round(minimum / 60_000)} minute${minimum >= 120_000 ? "s" : ""}` : `${minimum / 1000} seconds`;
    throw badRequest(`Schedule it at least ${ahead} ahead`);
  }
  if (lead > MAX_LEAD_MS) throw badRequest("Schedule it at most a year ahead");
}

/** Stores a send for later; a retry with the same client id gets the same item back. */
export async function scheduleMessage(
  deps: ServiceDeps,
  authorId: string,
  input: SendInput & { scheduledFor: Date },
): Promise<ScheduledMessageView> {
  requireLeadTime(input.scheduledFor);
  try {
    return await commitWithEvents(deps, async (tx, emit) => {
      await requireMembership(tx, input.chatId, authorId);
      const earlier = await earlierSchedule(tx, authorId, input);
      if (earlier) return earlier;
      if (input.replyToId) await requireReplyTarget(tx, input.chatId, input.replyToId);
      if (input.kind === "contact") await requireContact(tx, input.contactUserId!);
      if (input.attachments) {
        const files = await requireOwnUploads(tx, authorId, input.attachments);
        if (input.kind === "voice") requireRecording(files[0]!);
      }
      const [row] = await tx
        .insert(scheduledMessages)
        .values({
          id: newId(),
          authorId,
          chatId: input.chatId,
          kind: input.kind,
          content: input.content?.trim() ? input.content : "",
          replyToId: input.replyToId ?? null,
          attachmentIds: input.attachments ?? [],
          contactUserId: input.kind === "contact" ? input.contactUserId! : null,
          sticker: input.sticker ?? null,
          durationSec: input.kind === "voice" ? input.durationSec! : null,
          clientId: input.clientId ?? newId(),
          expiresInSec: input.expiresInSec ?? null,
          dueAt: input.scheduledFor,
        })
        .returning();
      tellAuthor(emit, row!, "created");
      return scheduledView(tx, row!);
    });
  } catch (error) {
    if (!isUniqueViolation(error, "scheduled_messages_author_client_id_idx")) throw error;
    // The same schedule, retried while the first attempt committed.
    const earlier = await earlierSchedule(deps.db, authorId, input);
    if (earlier) return earlier;
    throw conflict(CLIENT_ID_REUSED);
  }
}

async function earlierSchedule(db: Executor, authorId: string, input: SendInput): Promise<ScheduledMessageView | null> {
  if (!input.clientId) return null;
  const [row] = await db
    .select()
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.authorId, authorId), eq(scheduledMessages.clientId, input.clientId)));
  if (!row) return null;
  if (row.chatId !== input.chatId) throw conflict(CLIENT_ID_REUSED);
  if (row.state === "sent") throw conflict("That scheduled message was already sent");
  return scheduledView(db, row);
}

/** My scheduled messages that are still to go (or failed), soonest first; in one chat, or all. */
export async function listScheduled(db: Executor, authorId: string, chatId?: string): Promise<ScheduledMessageView[]> {
  const rows = await db
    .select()
    .from(scheduledMessages)
    .where(
      and(
        eq(scheduledMessages.authorId, authorId),
        chatId ? eq(scheduledMessages.chatId, chatId) : undefined,
        inArray(scheduledMessages.state, PENDING),
      ),
    )
    .orderBy(asc(scheduledMessages.dueAt), asc(scheduledMessages.id));
  // A chat I am not in does not exist for me, unless I left items there (they stay, failed).
  if (chatId && rows.length === 0) await requireMembership(db, chatId, authorId);
  return scheduledViews(db, rows);
}

/**
 * A new text or time. A failed item given a new time is scheduled again; its text alone
 * changed, it stays failed (it would otherwise go out at once, its time being past).
 */
export async function editScheduled(
  deps: ServiceDeps,
  authorId: string,
  input: z.infer<typeof editScheduledInput>,
): Promise<ScheduledMessageView> {
  if (input.scheduledFor) requireLeadTime(input.scheduledFor);
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await lockPending(tx, authorId, input.id);
    const changes: Partial<ScheduledRow> = { updatedAt: new Date() };
    if (input.content !== undefined) {
      if (row.kind !== "text" && row.kind !== "attachment") throw badRequest("Only text and captions can be edited");
      if (row.kind === "text" && !input.content.trim()) throw badRequest("Message cannot be empty");
      changes.content = input.content.trim() ? input.content : "";
    }
    if (input.scheduledFor) Object.assign(changes, { dueAt: input.scheduledFor, state: "scheduled", failureReason: null });
    const [updated] = await tx.update(scheduledMessages).set(changes).where(eq(scheduledMessages.id, row.id)).returning();
    tellAuthor(emit, updated!, "edited");
    return scheduledView(tx, updated!);
  });
}

export async function cancelScheduled(deps: ServiceDeps, authorId: string, id: string): Promise<{ id: string }> {
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await lockPending(tx, authorId, id);
    await tx.delete(scheduledMessages).where(eq(scheduledMessages.id, row.id));
    tellAuthor(emit, row, "cancelled");
    return { id: row.id };
  });
}

/** Sends it now, as an ordinary message (not marked scheduled); a refusal leaves it as it was. */
export async function sendScheduledNow(deps: ServiceDeps, authorId: string, id: string): Promise<MessageView> {
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await lockPending(tx, authorId, id);
    const message = await sendInTransaction(tx, emit, authorId, sendInputOf(row));
    await markSent(tx, emit, row, message.id);
    return message;
  });
}

/** Locks one of my items that is still to go; anyone else's, or one already sent, is NOT_FOUND. */
async function lockPending(tx: Executor, authorId: string, id: string): Promise<ScheduledRow> {
  const [row] = await tx
    .select()
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.id, id), eq(scheduledMessages.authorId, authorId), inArray(scheduledMessages.state, PENDING)))
    .for("update");
  if (!row) throw notFound("Scheduled message");
  return row;
}

/** The send the item stands for, as messages.send would take it. */
export function sendInputOf(row: ScheduledRow): SendInput {
  return {
    chatId: row.chatId,
    kind: row.kind,
    content: row.content || undefined,
    replyToId: row.replyToId ?? undefined,
    attachments: row.attachmentIds.length ? row.attachmentIds : undefined,
    contactUserId: row.contactUserId ?? undefined,
    sticker: (row.sticker ?? undefined) as SendInput["sticker"],
    durationSec: row.durationSec ?? undefined,
    clientId: row.clientId,
    expiresInSec: row.expiresInSec ?? undefined,
  };
}

export async function markSent(tx: Executor, emit: Emit, row: ScheduledRow, messageId: string): Promise<void> {
  await tx
    .update(scheduledMessages)
    .set({ state: "sent", messageId, failureReason: null, updatedAt: new Date() })
    .where(eq(scheduledMessages.id, row.id));
  tellAuthor(emit, row, "sent");
}

export async function markFailed(tx: Executor, emit: Emit, row: ScheduledRow, reason: string): Promise<void> {
  await tx
    .update(scheduledMessages)
    .set({ state: "failed", failureReason: reason, updatedAt: new Date() })
    .where(eq(scheduledMessages.id, row.id));
  tellAuthor(emit, row, "failed");
}

function tellAuthor(emit: Emit, row: ScheduledRow, action: ScheduledAction) {
  emit({ type: "scheduled:updated", data: { chatId: row.chatId, scheduledId: row.id, action } }, { userId: row.authorId });
}

/** Items as their author sees them: the messages they will be (quoted reply, card, files). */
async function scheduledViews(db: Executor, rows: ScheduledRow[]): Promise<ScheduledMessageView[]> {
  if (rows.length === 0) return [];
  const asMessages: MessageRow[] = rows.map((row) => ({
    id: row.id,
    chatId: row.chatId,
    seq: 0,
    senderId: row.authorId,
    kind: row.kind,
    content: row.content,
    clientId: row.clientId,
    replyToId: row.replyToId,
    contactUserId: row.contactUserId,
    forwardedFromUserId: null,
    forwardedFromName: null,
    pinnedAt: null,
    pinnedBy: null,
    sticker: row.sticker,
    durationSec: row.durationSec,
    callId: null,
    secure: null,
    scheduledFor: row.dueAt,
    expiresAt: null,
    createdAt: row.createdAt,
    editedAt: null,
    deletedAt: null,
  }));
  const fileIds = unique(rows.flatMap((row) => row.attachmentIds));
  const [views, fileRows] = await Promise.all([
    hydrateMessages(db, rows[0]!.authorId, asMessages, { fresh: true }),
    fileIds.length ? db.select().from(files).where(inArray(files.id, fileIds)) : [],
  ]);
  const fileById = new Map(fileRows.map((file) => [file.id, toFileView(file)]));
  return rows.map((row, i) => ({
    ...views[i]!,
    attachments: row.attachmentIds.flatMap((fileId) => fileById.get(fileId) ?? []),
    editableUntil: null,
    schedule: {
      scheduledFor: iso(row.dueAt),
      state: row.state === "failed" ? "failed" : "scheduled",
      failureReason: row.failureReason,
      updatedAt: iso(row.updatedAt),
    },
  }));
}

async function scheduledView(db: Executor, row: ScheduledRow): Promise<ScheduledMessageView> {
  return (await scheduledViews(db, [row]))[0]!;
}

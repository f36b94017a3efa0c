// Turns message rows into what callers see: the quoted original of a reply, the shared
// contact, reactions grouped per emoji (with the viewer's own), a poll with the viewer's vote,
// and the edit deadline.
// Batched: a page of messages costs up to five extra reads, sent together, however long it is.
import { asc, eq, inArray } from "drizzle-orm";
import { fullName } from "@/lib/format";
import { env } from "@/env";
import { QUOTE_LENGTH } from "@/lib/limits";
import type { Executor } from "@/server/db";
import type { MessageRow } from "@/server/db/message-row";
import { messages, reactions, users } from "@/server/db/schema";
import { attachmentsOf } from "@/server/services/messages/attachments";
import { pollViewsOf } from "@/server/services/polls/view";
import {
  iso,
  isoOrNull,
  type MessageCore,
  type MessageView,
  type ReactionGroup,
  type ReplyPreview,
  toPublicUser,
} from "@/server/services/dto";
import { unique } from "@/server/services/unique";

/**
 * Messages as a viewer sees them. `options.fresh`: the rows are being written now, so they
 * have no reactions yet, and reactions are not read for them.
 */
export async function hydrateMessages(
  db: Executor,
  viewerId: string,
  rows: MessageRow[],
  options: { fresh?: boolean } = {},
): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const replyIds = unique(rows.map((r) => r.replyToId));
  const contactIds = unique(rows.map((r) => r.contactUserId));
  const withFiles = rows.filter((r) => r.kind === "attachment" || r.kind === "voice").map((r) => r.id);
  // A poll deleted for everyone is gone with its votes.
  const withPolls = rows.filter((r) => r.kind === "poll" && !r.deletedAt).map((r) => r.id);
  // Independent reads, issued together.
  const [originals, contacts, reactionRows, attachments, pollViews] = await Promise.all([
    replyIds.length
      ? db
          .select({
            id: messages.id,
            senderId: messages.senderId,
            kind: messages.kind,
            content: messages.content,
            deletedAt: messages.deletedAt,
            senderFirstName: users.firstName,
            senderLastName: users.lastName,
          })
          .from(messages)
          .leftJoin(users, eq(users.id, messages.senderId))
          .where(inArray(messages.id, replyIds))
      : [],
    contactIds.length ? db.select().from(users).where(inArray(users.id, contactIds)) : [],
    options.fresh
      ? []
      : db
          .select()
          .from(reactions)
          .where(inArray(reactions.messageId, rows.map((r) => r.id)))
          .orderBy(asc(reactions.createdAt), asc(reactions.id)),
    attachmentsOf(db, withFiles),
    pollViewsOf(db, viewerId, withPolls),
  ]);
  const contact = new Map(contacts.map((c) => [c.id, c]));

  return rows.map((row) => {
    const original = originals.find((o) => o.id === row.replyToId);
    const replyTo = original
      ? replyPreview(
          original,
          original.senderFirstName !== null && original.senderLastName !== null
            ? fullName({ firstName: original.senderFirstName, lastName: original.senderLastName })
            : null,
        )
      : row.replyToId
        ? expiredPreview(row.replyToId)
        : null;
    const card = row.contactUserId ? contact.get(row.contactUserId) : undefined;
    const core: MessageCore = {
      id: row.id,
      chatId: row.chatId,
      seq: row.seq,
      senderId: row.senderId,
      kind: row.kind,
      content: row.content,
      clientId: row.clientId,
      replyTo,
      contact: card ? toPublicUser(card) : null,
      attachments: attachments.get(row.id) ?? [],
      sticker: row.sticker,
      durationSec: row.durationSec,
      callId: row.callId,
      secure: row.deletedAt ? null : row.secure,
      scheduled: row.scheduledFor ? { for: iso(row.scheduledFor), late: sentLate(row.scheduledFor, row.createdAt) } : null,
      forwardedFrom: row.forwardedFromName ? { userId: row.forwardedFromUserId, name: row.forwardedFromName } : null,
      pinnedAt: isoOrNull(row.pinnedAt),
      createdAt: iso(row.createdAt),
      editedAt: isoOrNull(row.editedAt),
      editableUntil: editableUntil(row),
      deletedAt: isoOrNull(row.deletedAt),
      expiresAt: isoOrNull(row.expiresAt),
    };
    return {
      ...core,
      reactions: groupReactions(reactionRows.filter((r) => r.messageId === row.id), viewerId),
      poll: pollViews.get(row.id) ?? null,
    };
  });
}

// A scheduled message sent this long after its time was held up (the server was down then),
// not merely waiting for the scheduler's next round.
const LATE_AFTER_MS = 60_000;

function sentLate(scheduledFor: Date, sentAt: Date): boolean {
  return sentAt.getTime() - scheduledFor.getTime() >= LATE_AFTER_MS;
}

/** How a reply quotes its original: the start of its text, and nothing once it is deleted. */
export function replyPreview(
  original: Pick<MessageRow, "id" | "senderId" | "kind" | "content" | "deletedAt">,
  senderName: string | null,
): ReplyPreview {
  return {
    id: original.id,
    senderId: original.senderId,
    senderName,
    kind: original.kind,
    content: original.deletedAt ? "" : original.content.slice(0, QUOTE_LENGTH),
    deleted: original.deletedAt !== null,
    expired: false,
  };
}

/**
 * The quote of an original that no longer exists: only disappearing messages leave no row
 * (deleting for everyone leaves a tombstone), so it expired.
 */
export function expiredPreview(id: string): ReplyPreview {
  return { id, senderId: null, senderName: null, kind: "text", content: "", deleted: true, expired: true };
}

export async function hydrateMessage(
  db: Executor,
  viewerId: string,
  row: MessageRow,
  options: { fresh?: boolean } = {},
): Promise<MessageView> {
  const [view] = await hydrateMessages(db, viewerId, [row], options);
  return view!;
}

/**
 * The part of a message that is the same for every viewer (what `message:updated` carries): a
 * poll's vote is the viewer's own, and its counts travel as `poll:updated`.
 */
export function withoutReactions(view: MessageView): MessageCore {
  const core: Partial<MessageView> = { ...view };
  delete core.reactions;
  delete core.poll;
  return core as MessageCore;
}

/**
 * Only the author's own text (or an attachment's caption), not yet deleted and not a forwarded
 * copy, within the window.
 */
export function editableUntil(row: Pick<MessageRow, "kind" | "deletedAt" | "forwardedFromName" | "createdAt">): string | null {
  if ((row.kind !== "text" && row.kind !== "attachment") || row.deletedAt || row.forwardedFromName) return null;
  return iso(new Date(row.createdAt.getTime() + editWindowMs()));
}

export const editWindowMs = () => env().MESSAGE_EDIT_WINDOW_HOURS * 3_600_000;

function groupReactions(rows: (typeof reactions.$inferSelect)[], viewerId: string): ReactionGroup[] {
  const groups = new Map<string, ReactionGroup>();
  for (const r of rows) {
    let group = groups.get(r.emoji);
    if (!group) groups.set(r.emoji, (group = { emoji: r.emoji, count: 0, userIds: [], reactedByMe: false, myReactionId: null }));
    group.count += 1;
    group.userIds.push(r.userId);
    if (r.userId === viewerId) {
      group.reactedByMe = true;
      group.myReactionId = r.id;
    }
  }
  return [...groups.values()];
}

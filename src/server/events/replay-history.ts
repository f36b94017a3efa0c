// A replayed event is read long after it was written, and the message it carries may since
// have been edited, deleted for everyone (text, files, card and pin gone), hidden by the reader
// ("delete for me"), or quoted something that changed. The log keeps payloads as written, so
// before a page of them leaves, every message in it, and every message it quotes, is brought to
// its state now, as `messages.list` shows it. One query per page, however long the page.
import { eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { fullName } from "@/lib/format";
import type { Executor } from "@/server/db";
import { hiddenMessages, messageAttachments, messages, users } from "@/server/db/schema";
import { isoOrNull, type MessageCore, type ReplyPreview, toPublicUser } from "@/server/services/dto";
import { expiredPreview, replyPreview } from "@/server/services/messages/hydration";
import type { StoredEvent } from "./types";

type MessageEvent = Extract<StoredEvent, { type: "message:new" | "message:updated" }>;

/** A message as it is now, with what a replay needs of it. */
type CurrentMessage = {
  row: Pick<
    typeof messages.$inferSelect,
    "id" | "senderId" | "kind" | "content" | "contactUserId" | "sticker" | "durationSec" | "callId" | "pinnedAt" | "editedAt" | "deletedAt"
  >;
  sender: { firstName: string; lastName: string } | null;
  contact: typeof users.$inferSelect | null;
  hiddenForViewer: boolean;
  /** The files still attached, in order. */
  fileIds: string[];
};

/**
 * The page as history would tell it to `viewerId`: message events carry their message's state
 * now; those of a message the viewer hid, or that no longer exists, are left out.
 */
export async function asHistoryShowsIt(db: Executor, viewerId: string, page: StoredEvent[]): Promise<StoredEvent[]> {
  const carried = page.filter(isMessageEvent);
  if (carried.length === 0) return page;
  const ids = new Set<string>();
  for (const event of carried) {
    ids.add(event.data.message.id);
    if (event.data.message.replyTo) ids.add(event.data.message.replyTo.id);
  }
  const current = await currentMessages(db, viewerId, [...ids]);
  return page.flatMap((event) => {
    if (!isMessageEvent(event)) return [event];
    const now = current.get(event.data.message.id);
    if (!now || now.hiddenForViewer) return [];
    const message = { ...event.data.message, ...currentFields(event.data.message, now, current) };
    return [{ ...event, data: { ...event.data, message } } as StoredEvent];
  });
}

function isMessageEvent(event: StoredEvent): event is MessageEvent {
  return event.type === "message:new" || event.type === "message:updated";
}

/** What of a message can change after it is sent, as it is now. */
function currentFields(
  stored: MessageCore,
  now: CurrentMessage,
  current: Map<string, CurrentMessage>,
): Partial<MessageCore> {
  const { row } = now;
  const attached = new Set(now.fileIds);
  return {
    senderId: row.senderId,
    content: row.content,
    contact: row.contactUserId && now.contact ? toPublicUser(now.contact) : null,
    attachments: stored.attachments.filter((file) => attached.has(file.id)),
    sticker: row.sticker,
    durationSec: row.durationSec,
    callId: row.callId,
    replyTo: stored.replyTo ? quoteOf(stored.replyTo.id, current.get(stored.replyTo.id)) : null,
    pinnedAt: isoOrNull(row.pinnedAt),
    editedAt: isoOrNull(row.editedAt),
    // It only ever closes early, on deletion (kind, author and sending time never change).
    editableUntil: row.deletedAt ? null : stored.editableUntil,
    deletedAt: isoOrNull(row.deletedAt),
  };
}

/** The quote of a reply's original as history builds it; "expired" once the original is gone. */
function quoteOf(id: string, original: CurrentMessage | undefined): ReplyPreview {
  if (!original) return expiredPreview(id);
  const { row, sender } = original;
  return replyPreview(row, sender ? fullName(sender) : null);
}

/** The messages named, each with its sender, contact card, files and whether the viewer hid it. */
async function currentMessages(db: Executor, viewerId: string, ids: string[]): Promise<Map<string, CurrentMessage>> {
  const sender = alias(users, "sender");
  const contact = alias(users, "contact");
  // One row per attached file (a message without files gives one row, fileId null).
  const rows = await db
    .select({
      row: {
        id: messages.id,
        senderId: messages.senderId,
        kind: messages.kind,
        content: messages.content,
        contactUserId: messages.contactUserId,
        sticker: messages.sticker,
        durationSec: messages.durationSec,
        callId: messages.callId,
        pinnedAt: messages.pinnedAt,
        editedAt: messages.editedAt,
        deletedAt: messages.deletedAt,
      },
      senderFirstName: sender.firstName,
      senderLastName: sender.lastName,
      contact,
      hiddenForViewer: sql<boolean>`EXISTS (SELECT 1 FROM ${hiddenMessages} WHERE ${hiddenMessages.messageId} = ${messages.id} AND ${hiddenMessages.userId} = ${viewerId})`,
      fileId: messageAttachments.fileId,
    })
    .from(messages)
    .leftJoin(sender, eq(sender.id, messages.senderId))
    .leftJoin(contact, eq(contact.id, messages.contactUserId))
    .leftJoin(messageAttachments, eq(messageAttachments.messageId, messages.id))
    .where(inArray(messages.id, ids))
    .orderBy(messages.id, messageAttachments.position);
  const byId = new Map<string, CurrentMessage>();
  for (const r of rows) {
    let entry = byId.get(r.row.id);
    if (!entry) {
      const named = r.senderFirstName !== null && r.senderLastName !== null;
      entry = {
        row: r.row,
        sender: named ? { firstName: r.senderFirstName!, lastName: r.senderLastName! } : null,
        contact: r.contact,
        hiddenForViewer: Boolean(r.hiddenForViewer),
        fileIds: [],
      };
      byId.set(r.row.id, entry);
    }
    if (r.fileId) entry.fileIds.push(r.fileId);
  }
  return byId;
}

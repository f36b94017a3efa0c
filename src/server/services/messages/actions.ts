// What people do to a message after sending it: edit, delete (for me / for everyone),
// forward, pin, report. Each change is one transaction with its live event.
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import { fullName } from "@/lib/format";
import type { Database, Executor } from "@/server/db";
import { hiddenMessages, messageAttachments, messageReports, messages, polls, reactions, users } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type {
  deleteMessageInput,
  editMessageInput,
  forwardMessageInput,
  pinMessageInput,
  reportMessageInput,
} from "@/lib/validators";
import { badRequest, conflict, forbidden, isUniqueViolation } from "@/server/services/errors";
import { attachedFiles } from "@/server/services/messages/attachments";
import { editableUntil, hydrateMessage, hydrateMessages, withoutReactions } from "@/server/services/messages/hydration";
import { appendMessage } from "@/server/services/messages/send";
import type { SessionUser } from "@/server/services/accounts/users";
import { iso, type MessageView } from "@/server/services/dto";
import { lockChat, notHiddenFor, requireMembership, requireVisibleMessage } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

const PINNED_LIMIT = 100;

export async function editMessage(deps: ServiceDeps, userId: string, input: z.infer<typeof editMessageInput>): Promise<MessageView> {
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await requireVisibleMessage(tx, userId, input.messageId, { lock: "update" });
    // The server cannot read or seal one: its author sends a new one instead.
    if (row.kind === "secure") throw badRequest("Secure messages cannot be edited");
    if (row.senderId !== userId) throw forbidden("You can only edit your own messages");
    const until = editableUntil(row);
    if (!until) throw forbidden(row.deletedAt ? "This message was deleted" : "This message cannot be edited");
    if (Date.now() > Date.parse(until)) throw forbidden("This message is too old to edit");
    if (row.content === input.content) return hydrateMessage(tx, userId, row);
    const [updated] = await tx
      .update(messages)
      .set({ content: input.content, editedAt: new Date() })
      .where(eq(messages.id, row.id))
      .returning(messageRow);
    const view = await hydrateMessage(tx, userId, updated!);
    emit({ type: "message:updated", data: { chatId: row.chatId, message: withoutReactions(view) } }, { chatId: row.chatId });
    return view;
  });
}

export type DeleteResult = { messageId: string; scope: "me" | "everyone"; deletedAt: string };

/**
 * "me" hides the message from the caller only. "everyone" (the author, a group's owner or
 * admins, or a Relay admin) leaves a tombstone: content, contact card, files, sticker,
 * reactions and pin go.
 */
export async function deleteMessage(
  deps: ServiceDeps,
  actor: Pick<SessionUser, "id" | "role">,
  input: z.infer<typeof deleteMessageInput>,
): Promise<DeleteResult> {
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await requireVisibleMessage(tx, actor.id, input.messageId, { lock: "update" });
    const now = new Date();
    if (input.scope === "me") {
      await tx.insert(hiddenMessages).values({ messageId: row.id, userId: actor.id }).onConflictDoNothing();
      const data = { chatId: row.chatId, messageId: row.id, scope: "me" as const, deletedAt: iso(now) };
      // The caller's other devices hide it too.
      emit({ type: "message:deleted", data }, { userId: actor.id });
      return { messageId: row.id, scope: "me", deletedAt: data.deletedAt };
    }
    if (row.deletedAt) return { messageId: row.id, scope: "everyone", deletedAt: iso(row.deletedAt) };
    if (row.senderId !== actor.id && !(await moderatesChat(tx, actor, row.chatId))) {
      throw forbidden("Only the author or an admin can delete this message for everyone");
    }
    return tombstoneMessage(tx, emit, row, now);
  });
}

/**
 * Deletes a message for everyone in the caller's transaction (the row locked by the caller):
 * content, contact card, files, sticker, reactions, poll and pin go; the chat's members hear it.
 */
export async function tombstoneMessage(tx: Executor, emit: Emit, row: MessageRow, now = new Date()): Promise<DeleteResult> {
  await tx
    .update(messages)
    .set({ content: "", contactUserId: null, sticker: null, durationSec: null, secure: null, deletedAt: now, pinnedAt: null, pinnedBy: null })
    .where(eq(messages.id, row.id));
  await tx.delete(reactions).where(eq(reactions.messageId, row.id));
  // A poll goes with its votes.
  await tx.delete(polls).where(eq(polls.messageId, row.id));
  // The files go with it: the chat's members may no longer fetch them through this message.
  await tx.delete(messageAttachments).where(eq(messageAttachments.messageId, row.id));
  const data = { chatId: row.chatId, messageId: row.id, scope: "everyone" as const, deletedAt: iso(now) };
  emit({ type: "message:deleted", data }, { chatId: row.chatId });
  return { messageId: row.id, scope: "everyone", deletedAt: data.deletedAt };
}

/** Relay admins moderate everywhere; a group's owner and admins moderate their group. */
async function moderatesChat(tx: Executor, actor: Pick<SessionUser, "id" | "role">, chatId: string): Promise<boolean> {
  if (actor.role === "admin") return true;
  const membership = await requireMembership(tx, chatId, actor.id);
  return membership.role === "owner" || membership.role === "admin";
}

/**
 * Copies a message into other chats of the caller's, naming its original author (a forward of
 * a forward keeps the first author). Returns the copies in the order of `toChatIds`.
 */
export async function forwardMessage(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof forwardMessageInput>,
): Promise<MessageView[]> {
  const targets = [...new Set(input.toChatIds)];
  const copies = await commitWithEvents(deps, async (tx, emit) => {
    const source = await requireVisibleMessage(tx, userId, input.messageId);
    if (source.deletedAt) throw badRequest("A deleted message cannot be forwarded");
    if (source.kind === "system") throw badRequest("Service messages cannot be forwarded");
    // Its votes belong to the chat it was asked in.
    if (source.kind === "poll") throw badRequest("Polls cannot be forwarded");
    // Sealed for this chat's devices alone (the signature names the chat).
    if (source.kind === "secure") throw badRequest("Secure messages cannot be forwarded");
    for (const chatId of targets) await requireMembership(tx, chatId, userId);
    const author = await originalAuthor(tx, source);
    const attachments = await attachedFiles(tx, source.id);
    const byChat = new Map<string, MessageView>();
    // Locks in one global order, so two forwards into overlapping chats cannot deadlock.
    for (const chatId of [...targets].sort()) {
      await lockChat(tx, chatId);
      const copy = await appendMessage(tx, emit, {
        chatId,
        senderId: userId,
        kind: source.kind,
        content: source.content,
        contactUserId: source.contactUserId,
        attachments,
        sticker: source.sticker,
        durationSec: source.durationSec,
        forwardedFromUserId: author.userId,
        forwardedFromName: author.name,
      });
      byChat.set(chatId, copy);
    }
    return targets.map((chatId) => byChat.get(chatId)!);
  });
  return copies;
}

async function originalAuthor(tx: Executor, source: MessageRow): Promise<{ userId: string | null; name: string }> {
  if (source.forwardedFromName) return { userId: source.forwardedFromUserId, name: source.forwardedFromName };
  if (!source.senderId) return { userId: null, name: "Deleted account" };
  const [sender] = await tx.select().from(users).where(eq(users.id, source.senderId));
  return { userId: source.senderId, name: sender ? fullName(sender) : "Deleted account" };
}

/**
 * Pins or unpins a message. Anyone in a direct chat may; in a group, its owner and admins.
 * Pinning also posts a service line ("Dana pinned a message") that quotes it.
 */
export async function pinMessage(deps: ServiceDeps, userId: string, input: z.infer<typeof pinMessageInput>): Promise<MessageView> {
  return commitWithEvents(deps, async (tx, emit) => {
    const row = await requireVisibleMessage(tx, userId, input.messageId, { lock: "update" });
    if (row.deletedAt) throw badRequest("A deleted message cannot be pinned");
    if (row.kind === "system") throw badRequest("Service messages cannot be pinned");
    const membership = await requireMembership(tx, row.chatId, userId);
    if (membership.role === "member" && (await isGroup(tx, row.chatId))) {
      throw forbidden("Only the group's owner and admins can pin messages");
    }
    if (input.pinned === (row.pinnedAt !== null)) return hydrateMessage(tx, userId, row);
    const [updated] = await tx
      .update(messages)
      .set(input.pinned ? { pinnedAt: new Date(), pinnedBy: userId } : { pinnedAt: null, pinnedBy: null })
      .where(eq(messages.id, row.id))
      .returning(messageRow);
    const view = await hydrateMessage(tx, userId, updated!);
    emit({ type: "message:updated", data: { chatId: row.chatId, message: withoutReactions(view) } }, { chatId: row.chatId });
    if (input.pinned) {
      const [me] = await tx.select().from(users).where(eq(users.id, userId));
      await lockChat(tx, row.chatId);
      await appendMessage(tx, emit, {
        chatId: row.chatId,
        senderId: userId,
        kind: "system",
        content: `${me ? fullName(me) : "Someone"} pinned a message`,
        replyToId: row.id,
      });
    }
    return view;
  });
}

async function isGroup(tx: Executor, chatId: string): Promise<boolean> {
  const chat = await tx.query.chats.findFirst({ where: (c, { eq }) => eq(c.id, chatId), columns: { type: true } });
  return chat?.type === "group";
}

/** The chat's pinned messages, newest pin first. */
export async function pinnedMessages(db: Database, userId: string, chatId: string): Promise<MessageView[]> {
  await requireMembership(db, chatId, userId);
  const rows = await db
    .select(messageRow)
    .from(messages)
    .where(and(eq(messages.chatId, chatId), isNotNull(messages.pinnedAt), notHiddenFor(userId)))
    .orderBy(desc(messages.pinnedAt))
    .limit(PINNED_LIMIT);
  return hydrateMessages(db, userId, rows);
}

export type ReportReceipt = { id: string; messageId: string; reason: string; createdAt: string };

/** Files a report for moderators: one per person per message. */
export async function reportMessage(
  db: Database,
  userId: string,
  input: z.infer<typeof reportMessageInput>,
): Promise<ReportReceipt> {
  const row = await requireVisibleMessage(db, userId, input.messageId);
  if (row.senderId === userId) throw badRequest("You cannot report your own message");
  if (row.kind === "system") throw badRequest("Service messages cannot be reported");
  try {
    const [report] = await db
      .insert(messageReports)
      .values({ messageId: row.id, reporterId: userId, reason: input.reason, messageContent: row.content })
      .returning();
    return { id: report!.id, messageId: row.id, reason: report!.reason, createdAt: iso(report!.createdAt) };
  } catch (error) {
    if (isUniqueViolation(error, "message_reports_message_reporter_idx")) {
      throw conflict("You have already reported this message");
    }
    throw error;
  }
}

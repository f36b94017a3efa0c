// Support chats: a user's line to the admins. Each user has at most one open support chat
// (a partial unique index settles racing opens); every admin is a member, so each can see
// and answer it, and the chat list's type filter gives admins their queue.
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { chatMembers, chats, users } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { openSupportInput } from "@/lib/validators";
import { chatSummary } from "@/server/services/chats/summary";
import { appendMessage } from "@/server/services/messages/send";
import type { ChatSummary } from "@/server/services/dto";
import { lockChat } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import { TRPCError } from "@trpc/server";

/** Why Help opens nothing: said to the person as it is. */
export const NO_ADMIN = "Support is not available: this server has no admin to answer yet. Ask whoever runs it to add one.";

const openSupportOf = (userId: string) =>
  and(eq(chats.supportUserId, userId), eq(chats.type, "support"), isNull(chats.closedAt));

/**
 * Returns my open support chat, creating it if there is none. The first message is posted
 * only when the chat is created (a repeated open, such as a retry, posts nothing twice).
 */
export async function openSupport(deps: ServiceDeps, userId: string, input: z.infer<typeof openSupportInput>): Promise<ChatSummary> {
  const chatId = await commitWithEvents(deps, async (tx, emit) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.bannedAt), ne(users.id, userId)));
    if (admins.length === 0) {
      // A chat nobody can answer is not offered; one opened while there were admins stays readable.
      const [existing] = await tx.select({ id: chats.id }).from(chats).where(openSupportOf(userId));
      if (existing) return existing.id;
      throw new TRPCError({ code: "NOT_FOUND", message: NO_ADMIN });
    }
    const [created] = await tx
      .insert(chats)
      .values({ type: "support", title: "Support", supportUserId: userId, subject: input.subject || null, createdBy: userId })
      .onConflictDoNothing({
        target: chats.supportUserId,
        where: sql`${chats.type} = 'support' AND ${chats.closedAt} IS NULL`,
      })
      .returning({ id: chats.id });
    if (!created) {
      const [existing] = await tx.select({ id: chats.id }).from(chats).where(openSupportOf(userId));
      return existing!.id;
    }
    await tx.insert(chatMembers).values([
      { chatId: created.id, userId, role: "member" },
      ...admins.map((a) => ({ chatId: created.id, userId: a.id, role: "admin" as const })),
    ]);
    if (input.initialMessage) {
      await lockChat(tx, created.id);
      await appendMessage(tx, emit, { chatId: created.id, senderId: userId, kind: "text", content: input.initialMessage });
    }
    emit({ type: "chat:updated", data: { chatId: created.id, action: "created" } }, { chatId: created.id });
    return created.id;
  });
  return chatSummary(deps.db, userId, chatId);
}

/**
 * For someone who has just become an admin: joins them, as admin, to every open support chat
 * (other than their own). Run it in the transaction that grants the role. It emits nothing:
 * the chats appear in their list, and live events reach them from the commit on.
 */
export async function addAdminToOpenSupportChats(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO ${chatMembers} (chat_id, user_id, role, last_read_seq, last_delivered_seq)
    SELECT ${chats.id}, ${userId}, 'admin', ${chats.lastSeq}, ${chats.lastSeq}
    FROM ${chats}
    WHERE ${chats.type} = 'support' AND ${chats.closedAt} IS NULL AND ${chats.supportUserId} <> ${userId}
    ON CONFLICT DO NOTHING`);
}

/**
 * For someone who is no longer an admin: leaves every support chat but their own, so they
 * stop seeing other people's requests. Run it in the transaction that takes the role away.
 */
export async function removeAdminFromSupportChats(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`
    DELETE FROM ${chatMembers}
    WHERE ${chatMembers.userId} = ${userId}
      AND ${chatMembers.chatId} IN (
        SELECT ${chats.id} FROM ${chats} WHERE ${chats.type} = 'support' AND ${chats.supportUserId} <> ${userId}
      )`);
}

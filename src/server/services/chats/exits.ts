// Leaving a group: being removed, leaving, and the owner deleting it. Event audiences are a
// chat's members at commit time, so whoever is out hears nothing of the chat from the commit
// on; what tells them they are out is a `chat:updated` addressed to them personally.
import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { chatMembers, chats } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { removeMemberInput } from "@/lib/validators";
import { chatInfo, type ChatInfo } from "@/server/services/chats/summary";
import { badRequest, forbidden } from "@/server/services/errors";
import { requireMembership } from "@/server/services/chats/access";
import { nameOf, postSystem, requireGroupRole } from "@/server/services/chats/groups";
import type { ServiceDeps } from "@/server/services/deps";

/** Owner and admins remove people; nobody removes the owner, and only the owner removes admins. */
export async function removeMember(deps: ServiceDeps, userId: string, input: z.infer<typeof removeMemberInput>): Promise<ChatInfo> {
  await commitWithEvents(deps, async (tx, emit) => {
    const { membership } = await requireGroupRole(tx, input.chatId, userId, ["owner", "admin"]);
    if (input.userId === userId) throw badRequest("To leave the group, use leave");
    const target = await requireMembership(tx, input.chatId, input.userId, { missing: "Member" });
    if (target.role === "owner") throw forbidden("Nobody can remove the group's owner");
    if (target.role === "admin" && membership.role !== "owner") throw forbidden("Only the owner can remove an admin");
    await dropMember(tx, emit, input.chatId, input.userId);
    await postSystem(tx, emit, input.chatId, userId, `${await nameOf(tx, userId)} removed ${await nameOf(tx, input.userId)}`);
    emit({ type: "chat:updated", data: { chatId: input.chatId, action: "members" } }, { chatId: input.chatId });
  });
  return chatInfo(deps.db, userId, input.chatId);
}

/**
 * Anyone may leave. An owner hands the group to the longest-standing admin, else the
 * longest-standing member; the last one out deletes it.
 */
export async function leaveGroup(deps: ServiceDeps, userId: string, chatId: string): Promise<{ chatId: string; deleted: boolean }> {
  return commitWithEvents(deps, async (tx, emit) => {
    const { membership } = await requireGroupRole(tx, chatId, userId, ["owner", "admin", "member"]);
    const name = await nameOf(tx, userId);
    await dropMember(tx, emit, chatId, userId);
    const [heir] = await tx
      .select({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(eq(chatMembers.chatId, chatId))
      .orderBy(sql`${chatMembers.role} = 'admin' DESC`, asc(chatMembers.joinedAt), asc(chatMembers.userId))
      .limit(1);
    if (!heir) {
      await tx.delete(chats).where(eq(chats.id, chatId));
      emit({ type: "chat:updated", data: { chatId, action: "deleted" } }, { userId });
      return { chatId, deleted: true };
    }
    await postSystem(tx, emit, chatId, userId, `${name} left`);
    if (membership.role === "owner") {
      await tx
        .update(chatMembers)
        .set({ role: "owner" })
        .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, heir.userId)));
      await postSystem(tx, emit, chatId, null, `${await nameOf(tx, heir.userId)} is now the owner`);
    }
    emit({ type: "chat:updated", data: { chatId, action: "members" } }, { chatId });
    return { chatId, deleted: false };
  });
}

/** The owner deletes the group for everyone; each member is told personally (the chat is gone). */
export async function deleteGroup(deps: ServiceDeps, userId: string, chatId: string): Promise<{ chatId: string; deleted: true }> {
  return commitWithEvents(deps, async (tx, emit) => {
    await requireGroupRole(tx, chatId, userId, ["owner"]);
    const members = await tx.select({ userId: chatMembers.userId }).from(chatMembers).where(eq(chatMembers.chatId, chatId));
    await tx.delete(chats).where(eq(chats.id, chatId));
    for (const member of members) {
      emit({ type: "chat:updated", data: { chatId, action: "deleted" } }, { userId: member.userId });
    }
    return { chatId, deleted: true as const };
  });
}

/** Takes someone out of a chat and tells them (and their other devices) personally. */
async function dropMember(tx: Executor, emit: Emit, chatId: string, userId: string) {
  await tx.delete(chatMembers).where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
  emit({ type: "chat:updated", data: { chatId, action: "members" } }, { userId });
}

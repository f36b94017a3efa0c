// Group chats: creating them, renaming, adding people and naming admins. Removing people,
// leaving and deleting live in exits.ts. Every change is one transaction that also
// posts a system message ("Dana added Eli") and emits `chat:updated`.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { fullName } from "@/lib/format";
import type { Executor } from "@/server/db";
import { chatMembers, chats, users } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { addMembersInput, createGroupInput, setMemberRoleInput, updateChatInput } from "@/lib/validators";
import { chatInfo, type ChatInfo, chatSummary } from "@/server/services/chats/summary";
import { badRequest, forbidden, notFound } from "@/server/services/errors";
import { appendMessage } from "@/server/services/messages/send";
import { type ChatSummary } from "@/server/services/dto";
import { lockChat, requireMembership } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

type Membership = typeof chatMembers.$inferSelect;
type Role = Membership["role"];

export async function createGroup(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof createGroupInput>,
): Promise<ChatSummary> {
  const chatId = await commitWithEvents(deps, async (tx, emit) => {
    const others = await requirePeople(tx, input.memberIds.filter((id) => id !== userId));
    if (others.length === 0) throw badRequest("Add at least one other person to the group");
    const [chat] = await tx
      .insert(chats)
      .values({ type: "group", title: input.title, createdBy: userId, metadata: input.metadata ?? null })
      .returning({ id: chats.id });
    await tx.insert(chatMembers).values([
      { chatId: chat!.id, userId, role: "owner" },
      ...others.map((person) => ({ chatId: chat!.id, userId: person.id, role: "member" as const })),
    ]);
    await lockChat(tx, chat!.id);
    await postSystem(tx, emit, chat!.id, userId, `${await nameOf(tx, userId)} created the group “${input.title}”`);
    emit({ type: "chat:updated", data: { chatId: chat!.id, action: "created" } }, { chatId: chat!.id });
    return chat!.id;
  });
  return chatSummary(deps.db, userId, chatId);
}

export async function renameGroup(deps: ServiceDeps, userId: string, input: z.infer<typeof updateChatInput>): Promise<ChatSummary> {
  await commitWithEvents(deps, async (tx, emit) => {
    const { chat } = await requireGroupRole(tx, input.chatId, userId, ["owner", "admin"]);
    if (chat.title === input.title) return;
    await tx.update(chats).set({ title: input.title }).where(eq(chats.id, input.chatId));
    await postSystem(tx, emit, input.chatId, userId, `${await nameOf(tx, userId)} renamed the group to “${input.title}”`);
    emit({ type: "chat:updated", data: { chatId: input.chatId, action: "renamed" } }, { chatId: input.chatId });
  });
  return chatSummary(deps.db, userId, input.chatId);
}

/**
 * Adds people (already-members are skipped). They see the whole history, and because event
 * audiences are the members at commit time, their live streams carry the chat at once.
 */
export async function addMembers(deps: ServiceDeps, userId: string, input: z.infer<typeof addMembersInput>): Promise<ChatInfo> {
  await commitWithEvents(deps, async (tx, emit) => {
    const { chat } = await requireGroupRole(tx, input.chatId, userId, ["owner", "admin"]);
    const people = await requirePeople(tx, input.userIds);
    if (people.length === 0) return;
    // Joining is not a backlog: the history is there to scroll, not unread.
    const added = await tx
      .insert(chatMembers)
      .values(
        people.map((p) => ({
          chatId: input.chatId,
          userId: p.id,
          role: "member" as const,
          lastReadSeq: chat.lastSeq,
          lastDeliveredSeq: chat.lastSeq,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: chatMembers.userId });
    if (added.length === 0) return;
    const names = people.filter((p) => added.some((a) => a.userId === p.id)).map((p) => fullName(p));
    await postSystem(tx, emit, input.chatId, userId, `${await nameOf(tx, userId)} added ${listOf(names)}`);
    emit({ type: "chat:updated", data: { chatId: input.chatId, action: "members" } }, { chatId: input.chatId });
  });
  return chatInfo(deps.db, userId, input.chatId);
}

/** The owner names admins and takes the role back; the owner's own role never changes here. */
export async function setMemberRole(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof setMemberRoleInput>,
): Promise<ChatInfo> {
  await commitWithEvents(deps, async (tx, emit) => {
    await requireGroupRole(tx, input.chatId, userId, ["owner"]);
    const target = await requireMembership(tx, input.chatId, input.userId, { missing: "Member" });
    if (target.role === "owner") throw forbidden("The owner's role cannot be changed");
    if (target.role === input.role) return;
    await tx
      .update(chatMembers)
      .set({ role: input.role })
      .where(and(eq(chatMembers.chatId, input.chatId), eq(chatMembers.userId, input.userId)));
    const [actor, subject] = [await nameOf(tx, userId), await nameOf(tx, input.userId)];
    const line = input.role === "admin" ? `${actor} made ${subject} an admin` : `${actor} dismissed ${subject} as admin`;
    await postSystem(tx, emit, input.chatId, userId, line);
    emit({ type: "chat:updated", data: { chatId: input.chatId, action: "members" } }, { chatId: input.chatId });
  });
  return chatInfo(deps.db, userId, input.chatId);
}

/**
 * Locks the chat and checks, in this order, that the caller is in it (NOT_FOUND), that it is
 * a group (BAD_REQUEST) and that their role allows the change (FORBIDDEN).
 */
export async function requireGroupRole(
  tx: Executor,
  chatId: string,
  userId: string,
  roles: readonly Role[],
): Promise<{ chat: typeof chats.$inferSelect; membership: Membership }> {
  await lockChat(tx, chatId);
  const membership = await requireMembership(tx, chatId, userId);
  const [chat] = await tx.select().from(chats).where(eq(chats.id, chatId));
  if (chat!.type !== "group") throw badRequest("Only group chats have members to manage");
  if (!roles.includes(membership.role)) {
    throw forbidden(roles.length === 1 ? "Only the group's owner can do that" : "Only the group's owner and admins can do that");
  }
  return { chat: chat!, membership };
}

/** Existing, unbanned users (duplicates dropped); anyone else is NOT_FOUND. */
export async function requirePeople(db: Executor, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const found = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(and(inArray(users.id, wanted), sql`${users.bannedAt} IS NULL`));
  if (found.length !== wanted.length) throw notFound("User");
  return wanted.map((id) => found.find((u) => u.id === id)!);
}

/** A system line in a chat the caller has locked, sent in the name of `actorId`. */
export async function postSystem(tx: Executor, emit: Emit, chatId: string, actorId: string | null, content: string) {
  await appendMessage(tx, emit, { chatId, senderId: actorId, kind: "system", content });
}

export async function nameOf(tx: Executor, userId: string): Promise<string> {
  const [user] = await tx.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId));
  return user ? fullName(user) : "Someone";
}

/** "Eli", "Eli and Fay", "Eli, Fay and Gus". */
function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

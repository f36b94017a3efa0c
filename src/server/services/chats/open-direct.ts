// Direct chats: one per pair of people, opened by either of them.
import { eq } from "drizzle-orm";
import { chatMembers, chats, users } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import { chatSummary } from "@/server/services/chats/summary";
import type { ServiceDeps } from "@/server/services/deps";
import { badRequest, notFound } from "@/server/services/errors";
import type { ChatSummary } from "@/server/services/dto";

/** Creates the direct chat of a pair or returns the existing one; the unique key settles races. */
export async function openDirect(deps: ServiceDeps, userId: string, otherUserId: string): Promise<ChatSummary> {
  if (otherUserId === userId) throw badRequest("You cannot open a chat with yourself");
  const other = await deps.db.query.users.findFirst({ where: eq(users.id, otherUserId) });
  if (!other || other.bannedAt) throw notFound("User");
  const directKey = [userId, otherUserId].sort().join(":");

  const chatId = await commitWithEvents(deps, async (tx, emit) => {
    const [created] = await tx
      .insert(chats)
      .values({ type: "direct", directKey, createdBy: userId })
      .onConflictDoNothing({ target: chats.directKey })
      .returning({ id: chats.id });
    if (!created) {
      const [existing] = await tx.select({ id: chats.id }).from(chats).where(eq(chats.directKey, directKey));
      return existing!.id;
    }
    await tx.insert(chatMembers).values([
      { chatId: created.id, userId, role: "member" },
      { chatId: created.id, userId: otherUserId, role: "member" },
    ]);
    emit({ type: "chat:updated", data: { chatId: created.id, action: "created" } }, { chatId: created.id });
    return created.id;
  });
  return chatSummary(deps.db, userId, chatId);
}

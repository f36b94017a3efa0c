// Context chats: a conversation about an outside object (a purchase request, a listing),
// identified by (contextType, contextId) and its participants. The database keeps the key
// unique, so opening it twice, even at the same instant, gives one chat.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { chatMembers, chats } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { openContextInput } from "@/lib/validators";
import { chatSummary } from "@/server/services/chats/summary";
import { requirePeople } from "@/server/services/chats/groups";
import type { ChatSummary } from "@/server/services/dto";
import type { ServiceDeps } from "@/server/services/deps";

export async function openContext(deps: ServiceDeps, userId: string, input: z.infer<typeof openContextInput>): Promise<ChatSummary> {
  const others = await requirePeople(deps.db, input.memberIds.filter((id) => id !== userId));
  const participants = [userId, ...others.map((p) => p.id)].sort();
  // Hashed, so fifty long ids still fit the unique index.
  const contextKey = `${input.contextType}:${createHash("sha256")
    .update(JSON.stringify([input.contextId, participants]))
    .digest("base64url")}`;

  const chatId = await commitWithEvents(deps, async (tx, emit) => {
    const [created] = await tx
      .insert(chats)
      .values({
        type: "context",
        title: contextTitle(input.contextType, input.contextId),
        contextType: input.contextType,
        contextId: input.contextId,
        contextKey,
        createdBy: userId,
      })
      .onConflictDoNothing({ target: chats.contextKey })
      .returning({ id: chats.id });
    if (!created) {
      const [existing] = await tx.select({ id: chats.id }).from(chats).where(eq(chats.contextKey, contextKey));
      return existing!.id;
    }
    await tx.insert(chatMembers).values(participants.map((id) => ({ chatId: created.id, userId: id, role: "member" as const })));
    emit({ type: "chat:updated", data: { chatId: created.id, action: "created" } }, { chatId: created.id });
    return created.id;
  });
  return chatSummary(deps.db, userId, chatId);
}

/** "purchase_request", "123" → "Purchase request #123". */
export function contextTitle(contextType: string, contextId: string): string {
  const words = contextType.replace(/[_-]+/g, " ").trim();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} #${contextId}`;
}

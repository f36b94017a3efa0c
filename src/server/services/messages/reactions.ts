// Emoji reactions: from the server's list only, one of each emoji per person per message.
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { reactions } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import { AVAILABLE_REACTIONS } from "@/lib/reactions";
import type { addReactionInput, removeReactionInput } from "@/lib/validators";
import { badRequest, forbidden, notFound } from "@/server/services/errors";
import type { Reaction } from "@/server/services/dto";
import { requireVisibleMessage } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

export function availableReactions(): string[] {
  return AVAILABLE_REACTIONS.map((r) => r.emoji);
}

/** Adds my reaction; adding one I already have returns it unchanged (a retry is harmless). */
export async function addReaction(deps: ServiceDeps, userId: string, input: z.infer<typeof addReactionInput>): Promise<Reaction> {
  return commitWithEvents(deps, async (tx, emit) => {
    // A share lock: reactions may land side by side, but not on a message being deleted.
    const message = await requireVisibleMessage(tx, userId, input.messageId, { lock: "share" });
    if (message.deletedAt) throw badRequest("This message was deleted");
    if (message.kind === "system") throw badRequest("Service messages cannot take reactions");
    const [created] = await tx
      .insert(reactions)
      .values({ messageId: message.id, userId, emoji: input.emoji })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [existing] = await tx
        .select()
        .from(reactions)
        .where(and(eq(reactions.messageId, message.id), eq(reactions.userId, userId), eq(reactions.emoji, input.emoji)));
      return toReaction(existing!);
    }
    const reaction = toReaction(created);
    emit({ type: "reaction:new", data: { chatId: message.chatId, messageId: message.id, reaction } }, { chatId: message.chatId });
    return reaction;
  });
}

/** Removes one of my own reactions. */
export async function removeReaction(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof removeReactionInput>,
): Promise<Reaction> {
  return commitWithEvents(deps, async (tx, emit) => {
    const message = await requireVisibleMessage(tx, userId, input.messageId);
    const [row] = await tx
      .select()
      .from(reactions)
      .where(and(eq(reactions.id, input.reactionId), eq(reactions.messageId, message.id)));
    if (!row) throw notFound("Reaction");
    if (row.userId !== userId) throw forbidden("You can only remove your own reactions");
    await tx.delete(reactions).where(eq(reactions.id, row.id));
    const reaction = toReaction(row);
    emit(
      { type: "reaction:removed", data: { chatId: message.chatId, messageId: message.id, reaction } },
      { chatId: message.chatId },
    );
    return reaction;
  });
}

const toReaction = (row: typeof reactions.$inferSelect): Reaction => ({ id: row.id, emoji: row.emoji, userId: row.userId });

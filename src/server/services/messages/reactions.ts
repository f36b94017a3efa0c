// Emoji reactions: the instance's quick row or, unless it says otherwise, any single emoji, one of each emoji per person per message.
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { reactions } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import { env } from "@/env";
import type { AvailableReactions } from "@/lib/reactions";
import type { addReactionInput, removeReactionInput } from "@/lib/validators";
import { badRequest, forbidden, notFound } from "@/server/services/errors";
import type { Reaction } from "@/server/services/dto";
import { requireVisibleMessage } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";

export function availableReactions(): AvailableReactions {
  const { REACTIONS, REACTIONS_ANY_EMOJI } = env();
  return { quick: REACTIONS, anyEmoji: REACTIONS_ANY_EMOJI };
}

/** The input says one emoji (zod); an instance that takes only its row refuses the others. */
function requireAccepted(emoji: string) {
  const { quick, anyEmoji } = availableReactions();
  if (anyEmoji || quick.includes(emoji)) return;
  // As a field error, like every other refused input.
  const refused = z.object({ emoji: z.string().refine(() => false, "That reaction is not available here") }).safeParse({ emoji });
  throw new TRPCError({ code: "BAD_REQUEST", message: "That reaction is not available here", cause: refused.error });
}

/** Adds my reaction; adding one I already have returns it unchanged (a retry is harmless). */
export async function addReaction(deps: ServiceDeps, userId: string, input: z.infer<typeof addReactionInput>): Promise<Reaction> {
  requireAccepted(input.emoji);
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

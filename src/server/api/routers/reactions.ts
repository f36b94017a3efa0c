import { addReactionInput, removeReactionInput } from "@/lib/validators";
import * as reactionsService from "@/server/services/messages/reactions";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const reactionsRouter = createTRPCRouter({
  available: protectedProcedure.query(() => reactionsService.availableReactions()),
  add: protectedProcedure
    .input(addReactionInput)
    .mutation(({ ctx, input }) => reactionsService.addReaction(ctx, ctx.user.id, input)),
  remove: protectedProcedure
    .input(removeReactionInput)
    .mutation(({ ctx, input }) => reactionsService.removeReaction(ctx, ctx.user.id, input)),
});

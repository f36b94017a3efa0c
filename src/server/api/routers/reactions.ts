import { addReactionInput, removeReactionInput } from "@/lib/validators";
import * as reactionsService from "@/server/services/messages/reactions";
import { reactionsOutputs } from "@/lib/outputs/reactions";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const reactionsRouter = createTRPCRouter({
  available: protectedProcedure.output(reactionsOutputs.available).query(() => reactionsService.availableReactions()),
  add: protectedProcedure
    .input(addReactionInput)
    .output(reactionsOutputs.add)
    .mutation(({ ctx, input }) => reactionsService.addReaction(ctx, ctx.user.id, input)),
  remove: protectedProcedure
    .input(removeReactionInput)
    .output(reactionsOutputs.remove)
    .mutation(({ ctx, input }) => reactionsService.removeReaction(ctx, ctx.user.id, input)),
});

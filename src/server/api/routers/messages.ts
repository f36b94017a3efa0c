import { listMessagesInput, markReadInput, messageIdInput, sendMessageInput } from "@/lib/validators";
import * as messagesService from "@/server/services/messages";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const messagesRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listMessagesInput)
    .query(({ ctx, input }) => messagesService.listMessages(ctx.db, ctx.user.id, input)),
  send: protectedProcedure
    .input(sendMessageInput)
    .mutation(({ ctx, input }) => messagesService.sendMessage(ctx, ctx.user.id, input)),
  byId: protectedProcedure
    .input(messageIdInput)
    .query(({ ctx, input }) => messagesService.messageById(ctx.db, ctx.user.id, input.messageId)),
  markRead: protectedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => messagesService.markRead(ctx, ctx.user.id, input)),
});

import { chatIdInput, listChatsInput, openDirectInput } from "@/lib/validators";
import * as chatsService from "@/server/services/chats";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const chatsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChatsInput.default({ limit: 30 }))
    .query(({ ctx, input }) => chatsService.listChats(ctx.db, ctx.user.id, input)),
  openDirect: protectedProcedure
    .input(openDirectInput)
    .mutation(({ ctx, input }) => chatsService.openDirect(ctx, ctx.user.id, input.userId)),
  info: protectedProcedure
    .input(chatIdInput)
    .query(({ ctx, input }) => chatsService.chatInfo(ctx.db, ctx.user.id, input.chatId)),
});

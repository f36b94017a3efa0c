import { chatIdInput, listChatsInput, openDirectInput, setTypingInput } from "@/lib/validators";
import * as chatsService from "@/server/services/chats";
import { setTyping } from "@/server/services/typing";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const chatsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChatsInput.default({ limit: 30 }))
    .query(({ ctx, input }) => chatsService.listChats(ctx, ctx.user.id, input)),
  openDirect: protectedProcedure
    .input(openDirectInput)
    .mutation(({ ctx, input }) => chatsService.openDirect(ctx, ctx.user.id, input.userId)),
  info: protectedProcedure
    .input(chatIdInput)
    .query(({ ctx, input }) => chatsService.chatInfo(ctx.db, ctx.user.id, input.chatId)),
  setTyping: protectedProcedure
    .input(setTypingInput)
    .mutation(({ ctx, input }) => setTyping(ctx, ctx.user.id, input)),
});

import {
  chatIdInput,
  deleteMessageInput,
  editMessageInput,
  editScheduledInput,
  forwardMessageInput,
  listMessagesInput,
  markReadInput,
  messageIdInput,
  pinMessageInput,
  reportMessageInput,
  scheduledIdInput,
  searchMessagesInput,
  scheduledMessagesInput,
  sendMessageInput,
  sendSecureInput,
} from "@/lib/validators";
import type { MessageView, ScheduledMessageView } from "@/server/services/dto";
import * as scheduled from "@/server/services/messages/scheduled";
import * as actions from "@/server/services/messages/actions";
import * as history from "@/server/services/messages/history";
import { sendMessage } from "@/server/services/messages/send";
import { sendSecure } from "@/server/services/keys/send-secure";
import { messageReceipts } from "@/server/services/messages/read-by";
import { markRead } from "@/server/services/messages/receipts";
import { searchMessages } from "@/server/services/search/messages";
import { messagesOutputs } from "@/lib/outputs/messages";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const messagesRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listMessagesInput)
    .output(messagesOutputs.list)
    .query(({ ctx, input }) => history.listMessages(ctx, ctx.user.id, input)),
  send: protectedProcedure
    .input(sendMessageInput)
    .output(messagesOutputs.send)
    // With scheduledFor: the scheduled item (its author's alone), not a message yet.
    .mutation(({ ctx, input }): Promise<MessageView | ScheduledMessageView> => {
      const { scheduledFor, ...send } = input;
      return scheduledFor ? scheduled.scheduleMessage(ctx, ctx.user.id, { ...send, scheduledFor }) : sendMessage(ctx, ctx.user.id, send);
    }),
  /** End-to-end encrypted, in a direct chat: the envelope sealed in the browser (src/lib/secure). */
  sendSecure: protectedProcedure
    .input(sendSecureInput)
    .output(messagesOutputs.sendSecure)
    .mutation(({ ctx, input }) => sendSecure(ctx, ctx.user.id, input)),
  byId: protectedProcedure
    .input(messageIdInput)
    .output(messagesOutputs.byId)
    .query(({ ctx, input }) => history.messageById(ctx.db, ctx.user.id, input.messageId)),
  edit: protectedProcedure
    .input(editMessageInput)
    .output(messagesOutputs.edit)
    .mutation(({ ctx, input }) => actions.editMessage(ctx, ctx.user.id, input)),
  delete: protectedProcedure
    .input(deleteMessageInput)
    .output(messagesOutputs.delete)
    .mutation(({ ctx, input }) => actions.deleteMessage(ctx, ctx.user, input)),
  forward: protectedProcedure
    .input(forwardMessageInput)
    .output(messagesOutputs.forward)
    .mutation(({ ctx, input }) => actions.forwardMessage(ctx, ctx.user.id, input)),
  pin: protectedProcedure
    .input(pinMessageInput)
    .output(messagesOutputs.pin)
    .mutation(({ ctx, input }) => actions.pinMessage(ctx, ctx.user.id, input)),
  pinned: protectedProcedure
    .input(chatIdInput)
    .output(messagesOutputs.pinned)
    .query(({ ctx, input }) => actions.pinnedMessages(ctx.db, ctx.user.id, input.chatId)),
  markRead: protectedProcedure
    .input(markReadInput)
    .output(messagesOutputs.markRead)
    .mutation(({ ctx, input }) => markRead(ctx, ctx.user.id, input)),
  receipts: protectedProcedure
    .input(messageIdInput)
    .output(messagesOutputs.receipts)
    .query(({ ctx, input }) => messageReceipts(ctx.db, ctx.user.id, input.messageId)),
  report: protectedProcedure
    .input(reportMessageInput)
    .output(messagesOutputs.report)
    .mutation(({ ctx, input }) => actions.reportMessage(ctx.db, ctx.user.id, input)),
  search: protectedProcedure
    .input(searchMessagesInput)
    .output(messagesOutputs.search)
    .query(({ ctx, input }) => searchMessages(ctx.db, ctx.user.id, input)),
  scheduled: protectedProcedure
    .input(scheduledMessagesInput)
    .output(messagesOutputs.scheduled)
    .query(({ ctx, input }) => scheduled.listScheduled(ctx.db, ctx.user.id, input?.chatId)),
  editScheduled: protectedProcedure
    .input(editScheduledInput)
    .output(messagesOutputs.editScheduled)
    .mutation(({ ctx, input }) => scheduled.editScheduled(ctx, ctx.user.id, input)),
  cancelScheduled: protectedProcedure
    .input(scheduledIdInput)
    .output(messagesOutputs.cancelScheduled)
    .mutation(({ ctx, input }) => scheduled.cancelScheduled(ctx, ctx.user.id, input.id)),
  sendScheduledNow: protectedProcedure
    .input(scheduledIdInput)
    .output(messagesOutputs.sendScheduledNow)
    .mutation(({ ctx, input }) => scheduled.sendScheduledNow(ctx, ctx.user.id, input.id)),
});

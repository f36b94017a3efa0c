import {
  addMembersInput,
  archiveChatInput,
  chatFilesInput,
  chatIdInput,
  createGroupInput,
  listChatsInput,
  openContextInput,
  openDirectInput,
  openSupportInput,
  removeMemberInput,
  setDisappearingInput,
  setSecureDefaultInput,
  setMemberRoleInput,
  setTypingInput,
  updateChatInput,
} from "@/lib/validators";
import * as chatList from "@/server/services/chats/list";
import * as chatsService from "@/server/services/chats/summary";
import { openDirect } from "@/server/services/chats/open-direct";
import { openContext } from "@/server/services/chats/context-chats";
import { chatFiles } from "@/server/services/messages/gallery";
import { deleteGroup, leaveGroup, removeMember } from "@/server/services/chats/exits";
import * as groups from "@/server/services/chats/groups";
import { openSupport } from "@/server/services/chats/support";
import { setTyping } from "@/server/services/messages/typing";
import { setDisappearing } from "@/server/services/chats/disappearing";
import { setSecureDefault } from "@/server/services/keys/secure-default";
import { chatsOutputs } from "@/lib/outputs/chats";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const chatsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChatsInput.default({ limit: 30, archived: false }))
    .output(chatsOutputs.list)
    .query(({ ctx, input }) => chatList.listChats(ctx, ctx.user.id, input)),
  openDirect: protectedProcedure
    .input(openDirectInput)
    .output(chatsOutputs.openDirect)
    .mutation(({ ctx, input }) => openDirect(ctx, ctx.user.id, input.userId)),
  createGroup: protectedProcedure
    .input(createGroupInput)
    .output(chatsOutputs.createGroup)
    .mutation(({ ctx, input }) => groups.createGroup(ctx, ctx.user.id, input)),
  openSupport: protectedProcedure
    .input(openSupportInput)
    .output(chatsOutputs.openSupport)
    .mutation(({ ctx, input }) => openSupport(ctx, ctx.user.id, input)),
  openContext: protectedProcedure
    .input(openContextInput)
    .output(chatsOutputs.openContext)
    .mutation(({ ctx, input }) => openContext(ctx, ctx.user.id, input)),
  info: protectedProcedure
    .input(chatIdInput)
    .output(chatsOutputs.info)
    .query(({ ctx, input }) => chatsService.chatInfo(ctx.db, ctx.user.id, input.chatId)),
  update: protectedProcedure
    .input(updateChatInput)
    .output(chatsOutputs.update)
    .mutation(({ ctx, input }) => groups.renameGroup(ctx, ctx.user.id, input)),
  archive: protectedProcedure
    .input(archiveChatInput)
    .output(chatsOutputs.archive)
    .mutation(({ ctx, input }) => chatList.archiveChat(ctx.db, ctx.user.id, input)),
  addMembers: protectedProcedure
    .input(addMembersInput)
    .output(chatsOutputs.addMembers)
    .mutation(({ ctx, input }) => groups.addMembers(ctx, ctx.user.id, input)),
  removeMember: protectedProcedure
    .input(removeMemberInput)
    .output(chatsOutputs.removeMember)
    .mutation(({ ctx, input }) => removeMember(ctx, ctx.user.id, input)),
  setMemberRole: protectedProcedure
    .input(setMemberRoleInput)
    .output(chatsOutputs.setMemberRole)
    .mutation(({ ctx, input }) => groups.setMemberRole(ctx, ctx.user.id, input)),
  setDisappearing: protectedProcedure
    .input(setDisappearingInput)
    .output(chatsOutputs.setDisappearing)
    .mutation(({ ctx, input }) => setDisappearing(ctx, ctx.user.id, input)),
  setSecureDefault: protectedProcedure
    .input(setSecureDefaultInput)
    .output(chatsOutputs.setSecureDefault)
    .mutation(({ ctx, input }) => setSecureDefault(ctx, ctx.user.id, input)),
  leave: protectedProcedure
    .input(chatIdInput)
    .output(chatsOutputs.leave)
    .mutation(({ ctx, input }) => leaveGroup(ctx, ctx.user.id, input.chatId)),
  delete: protectedProcedure
    .input(chatIdInput)
    .output(chatsOutputs.delete)
    .mutation(({ ctx, input }) => deleteGroup(ctx, ctx.user.id, input.chatId)),
  stats: protectedProcedure.output(chatsOutputs.stats).query(({ ctx }) => chatList.chatStats(ctx.db, ctx.user.id)),
  files: protectedProcedure
    .input(chatFilesInput)
    .output(chatsOutputs.files)
    .query(({ ctx, input }) => chatFiles(ctx.db, ctx.user.id, input)),
  setTyping: protectedProcedure
    .input(setTypingInput)
    .output(chatsOutputs.setTyping)
    .mutation(({ ctx, input }) => setTyping(ctx, ctx.user.id, input)),
});

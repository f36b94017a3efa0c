"use client";
// Edits, deletes, pins and reactions show at once and are rolled back (with a notice) when the
// server refuses. The live events that follow change nothing further: each cache change is
// idempotent.
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { toast } from "@/components/ui/toast";
import type { MessageView } from "@/lib/api-types";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import {
  addMessageToCache,
  addReactionToCache,
  findMessage,
  removeMessageFromCache,
  removeReactionFromCache,
  tombstoneInCache,
  updateMessageInCache,
} from "@/components/chat/cache";
import { useMe } from "@/components/chat/me-context";

const PENDING = "pending-";
const reason = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

export function useMessageActions(chatId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useMe();

  return useMemo(() => {
    const current = (id: string) => findMessage(queryClient, trpc, chatId, id);
    const pinsKey = trpc.messages.pinned.queryKey({ chatId });
    const refreshPins = () => void queryClient.invalidateQueries({ queryKey: pinsKey });

    return {
      async toggleReaction(messageId: string, emoji: string) {
        const message = current(messageId);
        if (!message) return;
        const group = message.reactions.find((g) => g.emoji === emoji);
        if (group?.reactedByMe) {
          // Not yet confirmed: its id is unknown, so it cannot be taken back yet.
          if (!group.myReactionId || group.myReactionId.startsWith(PENDING)) return;
          const reaction = { id: group.myReactionId, emoji, userId: me.id };
          removeReactionFromCache(queryClient, trpc, chatId, messageId, reaction, me.id);
          try {
            await client.reactions.remove.mutate({ messageId, reactionId: reaction.id });
          } catch (error) {
            addReactionToCache(queryClient, trpc, chatId, messageId, reaction, me.id);
            toast(`Could not remove the reaction: ${reason(error)}`, "error");
          }
          return;
        }
        const temporary = { id: `${PENDING}${crypto.randomUUID()}`, emoji, userId: me.id };
        addReactionToCache(queryClient, trpc, chatId, messageId, temporary, me.id);
        try {
          const saved = await client.reactions.add.mutate({ messageId, emoji });
          addReactionToCache(queryClient, trpc, chatId, messageId, saved, me.id);
        } catch (error) {
          removeReactionFromCache(queryClient, trpc, chatId, messageId, temporary, me.id);
          toast(`Could not react: ${reason(error)}`, "error");
        }
      },

      async edit(messageId: string, content: string) {
        const before = current(messageId);
        if (!before || before.content === content) return;
        updateMessageInCache(queryClient, trpc, { ...before, content, editedAt: new Date().toISOString() });
        try {
          const saved = await client.messages.edit.mutate({ messageId, content });
          updateMessageInCache(queryClient, trpc, { ...saved, reactions: undefined });
        } catch (error) {
          updateMessageInCache(queryClient, trpc, before);
          toast(`Could not edit the message: ${reason(error)}`, "error");
        }
      },

      async remove(messageId: string, scope: "me" | "everyone") {
        const before = current(messageId);
        if (!before) return;
        if (scope === "me") removeMessageFromCache(queryClient, trpc, chatId, messageId);
        else tombstoneInCache(queryClient, trpc, chatId, messageId, new Date().toISOString());
        try {
          await client.messages.delete.mutate({ messageId, scope });
          if (before.pinnedAt) refreshPins();
          void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
        } catch (error) {
          if (scope === "me") addMessageToCache(queryClient, trpc, before);
          else updateMessageInCache(queryClient, trpc, before);
          toast(`Could not delete the message: ${reason(error)}`, "error");
        }
      },

      async pin(messageId: string, pinned: boolean) {
        const before = current(messageId);
        const pins = queryClient.getQueryData<MessageView[]>(pinsKey);
        if (before) updateMessageInCache(queryClient, trpc, { ...before, pinnedAt: pinned ? new Date().toISOString() : null });
        if (!pinned) queryClient.setQueryData<MessageView[]>(pinsKey, (list) => list?.filter((m) => m.id !== messageId));
        else if (before) queryClient.setQueryData<MessageView[]>(pinsKey, (list) => list && [before, ...list.filter((m) => m.id !== messageId)]);
        try {
          await client.messages.pin.mutate({ messageId, pinned });
          toast(pinned ? "Message pinned" : "Message unpinned");
        } catch (error) {
          if (before) updateMessageInCache(queryClient, trpc, before);
          queryClient.setQueryData(pinsKey, pins);
          toast(`Could not ${pinned ? "pin" : "unpin"} the message: ${reason(error)}`, "error");
        } finally {
          refreshPins();
        }
      },

      async copy(message: MessageView) {
        try {
          await navigator.clipboard.writeText(message.content);
          toast("Copied to clipboard");
        } catch {
          toast("Could not copy: the browser refused access to the clipboard", "error");
        }
      },
    };
  }, [chatId, client, me.id, queryClient, trpc]);
}

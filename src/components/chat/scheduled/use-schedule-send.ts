"use client";
// Scheduling from the composer: the message is not shown in the chat (nobody sees it before
// its time, the author included, except in the scheduled list). Files are uploaded first, as
// for a send; a failure is told, and the composer gives the text back to try again.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { toast } from "@/components/ui/toast";
import { fullTime } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import type { UploadStore } from "@/components/chat/composer/upload-store";
import { type OutgoingMessage, sendInputOf } from "@/components/chat/composer/use-send-queue";

export function useScheduleSend(chatId: string, uploads: UploadStore) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useCallback(
    async (message: OutgoingMessage, replyToId: string | null, at: Date): Promise<boolean> => {
      try {
        const files = message.uploads?.length ? await uploads.wait(message.uploads) : [];
        await client.messages.send.mutate(sendInputOf(chatId, message, files, { clientId: crypto.randomUUID(), replyToId, scheduledFor: at }));
        if (message.uploads?.length) uploads.remove(message.uploads);
        void queryClient.invalidateQueries(trpc.messages.scheduled.pathFilter());
        toast(`Scheduled for ${fullTime(at.toISOString())}.`);
        return true;
      } catch (error) {
        toast(error instanceof Error ? error.message : "Could not schedule the message.", "error");
        return false;
      }
    },
    [chatId, client, queryClient, trpc, uploads],
  );
}

"use client";
// One live subscription per signed-in tab. tRPC resends the last event id on reconnect, so
// the server replays what was missed; on every (re)start the lists are refetched as well,
// which closes any gap before the first event id is known.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { RelayEvent } from "@/server/events/types";
import { useTRPC } from "@/trpc/react";
import { addMessageToCache, allMessagesKey } from "./cache";

export function LiveEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  function apply(event: RelayEvent) {
    if (event.type === "message:new") addMessageToCache(queryClient, event.data.message);
    // Any event of a chat may move it in the list, change its unread count or its read state.
    void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
    if ("chatId" in event.data) void queryClient.invalidateQueries(trpc.chats.info.queryFilter({ chatId: event.data.chatId }));
  }

  useSubscription(
    trpc.events.stream.subscriptionOptions(
      {},
      {
        onStarted: () => {
          void queryClient.invalidateQueries(trpc.chats.pathFilter());
          void queryClient.invalidateQueries({ queryKey: allMessagesKey });
        },
        onData: (envelope) => apply(envelope.data),
      },
    ),
  );
  return null;
}

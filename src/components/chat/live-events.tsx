"use client";
// One live subscription per signed-in tab. tRPC resends the last event id on reconnect, so
// the server replays what was missed; on every (re)start the lists are refetched as well,
// which closes any gap before the first event id is known. When the server can no longer
// replay from that id (`stream:reset`: it is older than the log keeps), everything is refetched.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { callStore } from "@/components/call/call-store";
import { useTRPC } from "@/trpc/react";
import { alertOfMessage } from "./attention/message-alerts";
import { setLiveConnected } from "./connection/connection-store";
import { applyLiveEvent } from "./cache";
import { recheckDevice } from "./secure/lazy";
import { useMe } from "./me-context";

export function LiveEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const router = useRouter();

  const { status } = useSubscription(
    trpc.events.stream.subscriptionOptions(
      {},
      {
        onStarted: () => {
          void queryClient.invalidateQueries(trpc.chats.pathFilter());
          void queryClient.invalidateQueries(trpc.messages.pinned.pathFilter());
          void queryClient.invalidateQueries(trpc.messages.list.pathFilter());
          void queryClient.invalidateQueries(trpc.calls.current.pathFilter());
        },
        onData: (envelope) => {
          if (envelope.data.type === "stream:reset") return void queryClient.invalidateQueries();
          if (envelope.data.type.startsWith("call:")) callStore.receive(envelope.data);
          // My secure devices changed (this one revoked elsewhere, say): checked again on next use.
          if (envelope.data.type === "keys:changed" && envelope.data.data.userId === me.id) void recheckDevice(me.id);
          if (envelope.data.type === "message:new") {
            alertOfMessage(queryClient, trpc, me.id, envelope.data.data.message, (chatId) => router.push(`/chats/${chatId}`));
          }
          applyLiveEvent(queryClient, trpc, me.id, envelope.data);
        },
      },
    ),
  );
  // Connected: the server took the subscription and events flow ("pending" on more).
  useEffect(() => setLiveConnected(status === "pending"), [status]);
  return null;
}

"use client";
// Calls over every page of the chat UI: the incoming-call card and the call screen. The screen
// (and with it simple-peer and WebRTC) is loaded in the browser only, when a call needs it.
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect } from "react";
import { useTRPC } from "@/trpc/react";
import { callStore, useCall } from "./call-store";
import { IncomingCall } from "./incoming-call";

const CallScreen = dynamic(() => import("./call-screen"), { ssr: false });

export function CallLayer() {
  const call = useCall();
  const trpc = useTRPC();
  // Refetched whenever the live stream (re)starts: a call that rang while this page was not
  // listening shows up, and one that ended meanwhile goes.
  const current = useQuery(trpc.calls.current.queryOptions(undefined, { staleTime: 0 }));
  useEffect(() => {
    if (!current.isSuccess) return;
    const live = current.data;
    const shown = callStore.get();
    if (live?.status === "ringing" && live.direction === "incoming" && !shown) {
      callStore.incoming({
        id: live.id,
        chatId: live.chatId,
        type: live.type,
        peer: { id: live.peer.id, name: `${live.peer.firstName} ${live.peer.lastName}`, avatarUrl: live.peer.avatarUrl },
      });
    } else if (shown?.phase === "incoming" && live?.id !== shown.id && current.dataUpdatedAt > shown.since) {
      callStore.dismiss(shown.id);
    }
  }, [current.isSuccess, current.data, current.dataUpdatedAt]);

  if (!call) return null;
  if (call.phase === "incoming") return <IncomingCall call={call} />;
  return <CallScreen call={call} />;
}

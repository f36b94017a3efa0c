"use client";
import { Phone, Video } from "lucide-react";
import { IconButton } from "@/components/ui/button";
import { useCall } from "./call-store";
import { useCallActions } from "./use-call-actions";

/** Audio and video call buttons for a direct chat's header; off while I am in a call. */
export function CallButtons({ chatId, peerName }: { chatId: string; peerName: string }) {
  const call = useCall();
  const actions = useCallActions();
  const busy = call !== null && call.phase !== "ended";
  return (
    <div className="relative z-10 flex items-center gap-1">
      <IconButton
        aria-label={`Audio call ${peerName}`}
        title="Audio call"
        disabled={busy}
        onClick={() => void actions.start(chatId, "audio")}
        className="disabled:opacity-40"
      >
        <Phone className="h-5 w-5" aria-hidden="true" />
      </IconButton>
      <IconButton
        aria-label={`Video call ${peerName}`}
        title="Video call"
        disabled={busy}
        onClick={() => void actions.start(chatId, "video")}
        className="disabled:opacity-40"
      >
        <Video className="h-5 w-5" aria-hidden="true" />
      </IconButton>
    </div>
  );
}

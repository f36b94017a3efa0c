"use client";
import { Phone, PhoneOff, Video } from "lucide-react";
import { useEffect, useId, useRef } from "react";
import { Avatar } from "@/components/ui/avatar";
import type { CallState } from "./call-store";
import { playCallSound } from "./ringtone";
import { useCallActions } from "./use-call-actions";

/**
 * Someone is calling: who, and Accept or Decline, over whatever page is open. It takes the
 * focus (not onto a button, so a keypress meant for the message box answers nothing); Tab
 * reaches the buttons and Esc declines.
 */
export function IncomingCall({ call }: { call: CallState }) {
  const actions = useCallActions();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    const stop = playCallSound("ring");
    return () => {
      stop();
      if (opener?.isConnected && !document.querySelector("[data-call-screen]")) opener.focus();
    };
  }, []);
  const video = call.type === "video";
  return (
    <div className="pointer-events-none fixed inset-x-0 top-4 z-50 flex justify-center px-4">
      <div
        ref={ref}
        role="alertdialog"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        tabIndex={-1}
        data-testid="incoming-call"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            void actions.decline(call);
          }
        }}
        className="pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-2xl bg-white p-4 text-slate-900 shadow-2xl ring-1 ring-slate-200 outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-800"
      >
        <span className="animate-pulse">
          <Avatar name={call.peer.name} seed={call.peer.id} src={call.peer.avatarUrl} size="md" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="truncate font-semibold">
            {call.peer.name}
          </h2>
          <p id={descriptionId} className="flex items-center gap-1 text-sm text-slate-500 dark:text-slate-400">
            {video ? <Video className="h-4 w-4" aria-hidden="true" /> : <Phone className="h-4 w-4" aria-hidden="true" />}
            Incoming {video ? "video" : "audio"} call…
          </p>
        </div>
        <button
          type="button"
          onClick={() => void actions.decline(call)}
          aria-label="Decline"
          title="Decline"
          className="inline-flex h-11 w-11 items-center justify-center rounded-full bg-red-600 text-white transition-colors hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500"
        >
          <PhoneOff className="h-5 w-5" aria-hidden="true" />
        </button>
        <button
          type="button"
          onClick={() => void actions.accept(call)}
          aria-label="Accept"
          title="Accept"
          className="inline-flex h-11 w-11 items-center justify-center rounded-full bg-emerald-600 text-white transition-colors hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500"
        >
          {video ? <Video className="h-5 w-5" aria-hidden="true" /> : <Phone className="h-5 w-5" aria-hidden="true" />}
        </button>
      </div>
    </div>
  );
}

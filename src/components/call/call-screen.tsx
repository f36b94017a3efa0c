"use client";
// The call, full screen over the chat: the other person's video large and mine small (or their
// avatar for an audio call), what the call is doing, the timer, and mute, camera and hang up.
import { useQuery } from "@tanstack/react-query";
import { Mic, MicOff, PhoneOff, Video, VideoOff } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { useNow } from "@/components/ui/use-now";
import { formatCallDuration } from "@/lib/calls";
import { useTRPC } from "@/trpc/react";
import type { CallState } from "./call-store";
import { endedLabel, phaseLabel } from "./call-labels";
import { playCallSound } from "./ringtone";
import { useCallActions } from "./use-call-actions";
import { useCallConnection } from "./use-call-connection";

export default function CallScreen({ call }: { call: CallState }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.calls.config.queryOptions(undefined, { staleTime: Infinity }));
  const { local, remote } = useCallConnection(call, config.data?.iceServers);
  const actions = useCallActions();
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const titleId = useId();
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const video = call.type === "video";

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    hangUpRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  useEffect(() => {
    if (call.phase !== "ringing") return;
    return playCallSound("ringback");
  }, [call.phase]);
  // Mute and camera off act on the tracks themselves: the other side gets silence or black.
  useEffect(() => {
    for (const track of local?.getAudioTracks() ?? []) track.enabled = !muted;
  }, [local, muted]);
  useEffect(() => {
    for (const track of local?.getVideoTracks() ?? []) track.enabled = !cameraOff;
  }, [local, cameraOff]);

  const remoteHasVideo = video && remote !== null;
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-call-screen=""
      data-testid="call-screen"
      data-phase={call.phase}
      onKeyDown={keepFocusInside}
      className="fixed inset-0 z-40 flex flex-col bg-slate-100 text-slate-900 dark:bg-slate-950 dark:text-slate-100"
    >
      <div className="relative flex min-h-0 flex-1 items-center justify-center overflow-hidden">
        {remoteHasVideo ? (
          <MediaView stream={remote} kind="video" testId="remote-video" className="h-full w-full bg-black object-contain" />
        ) : (
          <div className="flex flex-col items-center gap-4 p-6 text-center">
            <span className={call.phase === "ringing" || call.phase === "connecting" ? "animate-pulse" : ""}>
              <Avatar name={call.peer.name} seed={call.peer.id} src={call.peer.avatarUrl} size="lg" />
            </span>
            {remote ? <MediaView stream={remote} kind="audio" testId="remote-audio" /> : null}
          </div>
        )}
        <header
          className={`absolute inset-x-0 top-0 flex flex-col items-center gap-1 px-4 pb-6 pt-5 text-center ${
            remoteHasVideo ? "bg-gradient-to-b from-black/60 to-transparent text-white" : ""
          }`}
        >
          <h2 id={titleId} className="text-lg font-semibold">
            {call.peer.name}
          </h2>
          <Status call={call} />
        </header>
        {video && local ? (
          <MediaView
            stream={local}
            kind="video"
            muted
            mirrored
            testId="local-video"
            className={`absolute bottom-4 right-4 aspect-video w-32 rounded-xl bg-black object-cover shadow-lg ring-1 ring-white/20 sm:w-48 ${cameraOff ? "invisible" : ""}`}
          />
        ) : null}
        {call.problem ? (
          <div role="alert" className="absolute inset-x-4 bottom-4 mx-auto max-w-md rounded-xl bg-red-600 px-4 py-3 text-sm text-white shadow-lg">
            {call.problem}
          </div>
        ) : null}
      </div>
      <div className="flex items-center justify-center gap-4 border-t border-slate-200 bg-white px-4 py-4 dark:border-slate-800 dark:bg-slate-900">
        <ToggleButton
          pressed={muted}
          onClick={() => setMuted((m) => !m)}
          label="Mute"
          disabled={!local}
          icon={muted ? <MicOff className="h-5 w-5" aria-hidden="true" /> : <Mic className="h-5 w-5" aria-hidden="true" />}
        />
        {video ? (
          <ToggleButton
            pressed={cameraOff}
            onClick={() => setCameraOff((c) => !c)}
            label="Camera off"
            disabled={!local}
            icon={cameraOff ? <VideoOff className="h-5 w-5" aria-hidden="true" /> : <Video className="h-5 w-5" aria-hidden="true" />}
          />
        ) : null}
        <button
          ref={hangUpRef}
          type="button"
          onClick={() => void actions.hangUp(call)}
          aria-label={call.phase === "ended" ? "Close" : "Hang up"}
          title={call.phase === "ended" ? "Close" : "Hang up"}
          className="inline-flex h-14 w-14 items-center justify-center rounded-full bg-red-600 text-white transition-colors hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500"
        >
          <PhoneOff className="h-6 w-6" aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}

/** Tab and Shift+Tab cycle through the screen's buttons: the chat underneath is out of reach. */
function keepFocusInside(event: React.KeyboardEvent<HTMLDivElement>) {
  if (event.key !== "Tab") return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled])")];
  const first = buttons[0];
  const last = buttons[buttons.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

function Status({ call }: { call: CallState }) {
  const now = useNow(1_000);
  const live = call.phase === "connected" || call.phase === "reconnecting";
  const elapsed = call.answeredAt ? (now.getTime() - call.answeredAt) / 1000 : 0;
  return (
    <p className="flex items-center gap-2 text-sm opacity-80" aria-live="polite">
      <span data-testid="call-status">{call.ended ? endedLabel(call.ended.status, call.role) : phaseLabel(call.phase)}</span>
      {live ? (
        <span data-testid="call-timer" className="tabular-nums">
          {formatCallDuration(elapsed)}
        </span>
      ) : null}
      {call.ended?.status === "ended" ? <span className="tabular-nums">{formatCallDuration(call.ended.duration)}</span> : null}
    </p>
  );
}

function ToggleButton({
  pressed,
  onClick,
  label,
  icon,
  disabled,
}: {
  pressed: boolean;
  onClick: () => void;
  label: string;
  icon: React.ReactNode;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      className={`inline-flex h-12 w-12 items-center justify-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-40 ${
        pressed
          ? "bg-slate-900 text-white dark:bg-white dark:text-slate-900"
          : "bg-slate-100 text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
      }`}
    >
      {icon}
    </button>
  );
}

/** A <video> or <audio> playing a MediaStream (React cannot set srcObject as an attribute). */
function MediaView({
  stream,
  kind,
  muted = false,
  mirrored = false,
  testId,
  className = "",
}: {
  stream: MediaStream;
  kind: "video" | "audio";
  muted?: boolean;
  mirrored?: boolean;
  testId: string;
  className?: string;
}) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = stream;
    void element.play().catch(() => {
      // Blocked until the page is clicked; autoplay starts it then.
    });
    return () => {
      element.srcObject = null;
    };
  }, [stream]);
  if (kind === "audio") return <audio ref={ref} autoPlay data-testid={testId} />;
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted={muted}
      data-testid={testId}
      className={`${mirrored ? "-scale-x-100" : ""} ${className}`}
    />
  );
}

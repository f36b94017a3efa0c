"use client";
// The media and the peer connection of the call on screen. The camera and microphone are
// asked for as soon as the screen opens (the caller sees their preview while it rings); the
// WebRTC connection starts once the call is answered. simple-peer is imported only here, in a
// module the browser loads on demand (see call-layer.tsx): it never runs on the server.
import { useEffect, useState } from "react";
import SimplePeer from "simple-peer/simplepeer.min.js";
import type { IceServer } from "@/env";
import type { CallType, SignalData } from "@/lib/calls";
import { useTRPCClient } from "@/trpc/react";
import { callStore, type CallState } from "./call-store";

export function useCallConnection(call: CallState, iceServers: IceServer[] | undefined) {
  const client = useTRPCClient();
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const over = call.phase === "ended" || call.problem !== null;

  useEffect(() => {
    if (over) return;
    let cancelled = false;
    let stream: MediaStream | null = null;
    captureMedia(call.type).then(
      (captured) => {
        if (cancelled) return stopTracks(captured);
        stream = captured;
        setLocal(captured);
      },
      (error: unknown) => {
        if (cancelled) return;
        callStore.failed(call.id, mediaProblem(error, call.type));
        void client.calls.end.mutate({ callId: call.id }).catch(() => {});
      },
    );
    return () => {
      cancelled = true;
      if (stream) stopTracks(stream);
      setLocal(null);
    };
  }, [call.id, call.type, over, client]);

  const answered = call.answeredAt !== null;
  useEffect(() => {
    if (over || !local || !answered || !iceServers) return;
    const peer = new SimplePeer({ initiator: call.role === "caller", stream: local, trickle: true, config: { iceServers } });
    peer.on("signal", (signal) => {
      void client.calls.signal.mutate({ callId: call.id, signal: signal as SignalData }).catch(() => {
        // The call ended meanwhile: its call:ended closes the screen.
      });
    });
    peer.on("stream", (stream: MediaStream) => setRemote(stream));
    peer.on("connect", () => callStore.phase(call.id, "connected"));
    peer.on("iceStateChange", (state: RTCIceConnectionState) => {
      if (state === "disconnected") callStore.phase(call.id, "reconnecting");
      else if ((state === "connected" || state === "completed") && callStore.get()?.phase === "reconnecting") {
        callStore.phase(call.id, "connected");
      }
    });
    peer.on("error", () => {
      callStore.failed(call.id, `The connection to ${call.peer.name} was lost. Check your network and call again.`);
      void client.calls.end.mutate({ callId: call.id }).catch(() => {});
    });
    const stopSignals = callStore.onSignal(call.id, (signal) => peer.signal(signal as SimplePeer.SignalData));
    return () => {
      stopSignals();
      peer.destroy();
      setRemote(null);
    };
  }, [over, local, answered, iceServers, call.id, call.role, call.peer.name, client]);

  return { local, remote };
}

function captureMedia(type: CallType): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) return Promise.reject(new Error("insecure"));
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true },
    video: type === "video" ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
  });
}

function stopTracks(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}

/** What went wrong with the camera or microphone, in words that say what to do. */
function mediaProblem(error: unknown, type: CallType): string {
  const devices = type === "video" ? "camera and microphone" : "microphone";
  const name = error instanceof DOMException ? error.name : error instanceof Error ? error.message : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return `Relay may not use your ${devices}. Allow access in your browser's site settings (the icon beside the address), then call again.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return `No ${devices} found. Connect one and call again.`;
    case "NotReadableError":
    case "AbortError":
      return `Your ${devices} could not be started; another app may be using it. Close that app and call again.`;
    case "insecure":
      return "This page cannot reach a camera or microphone: calls need Relay to be opened over https (or on localhost).";
    default:
      return `Your ${devices} could not be started. Check your browser's site settings and call again.`;
  }
}

"use client";
// The browser's one call: what the live events and my actions say about it. A tab has at most
// one call on screen; the server refuses a second (busy). Signal data for the call waits here
// until the peer connection exists to take it (the caller's offer can arrive before the person
// called has loaded WebRTC).
import { useSyncExternalStore } from "react";
import type { CallType, FinishedCallStatus, SignalData } from "@/lib/calls";
import type { RelayEvent } from "@/lib/api-types";

export type CallPhase = "incoming" | "ringing" | "connecting" | "connected" | "reconnecting" | "ended";

export type CallState = {
  id: string;
  chatId: string;
  type: CallType;
  /** "caller": I called; "callee": I am called. */
  role: "caller" | "callee";
  peer: { id: string; name: string; avatarUrl: string | null };
  phase: CallPhase;
  /** When the call was answered, by this browser's clock (for the timer). */
  answeredAt: number | null;
  ended: { status: FinishedCallStatus; duration: number } | null;
  /** Why this browser could not take part (no camera permission, no connection): stays until closed. */
  problem: string | null;
  /** When this browser learned of the call. */
  since: number;
};

type NewCall = Pick<CallState, "id" | "chatId" | "type" | "peer">;

/** How long the "Call ended" screen stays before it closes by itself. */
const ENDED_SCREEN_MS = 1_500;

let current: CallState | null = null;
let pendingSignals: SignalData[] = [];
let signalListener: ((signal: SignalData) => void) | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

function set(next: CallState | null) {
  if (next?.id !== current?.id) {
    pendingSignals = [];
    if (closeTimer) clearTimeout(closeTimer);
    closeTimer = null;
  }
  current = next;
  for (const listener of listeners) listener();
}

function patch(callId: string, changes: Partial<CallState>) {
  if (current?.id === callId) set({ ...current, ...changes });
}

export const callStore = {
  get: () => current,

  /** I placed a call (the server answered `initiate`). */
  placed(call: NewCall) {
    set({ ...call, role: "caller", phase: "ringing", answeredAt: null, ended: null, problem: null, since: Date.now() });
  },

  /** Someone calls me. A call already on screen wins (the server calls the newcomer busy anyway). */
  incoming(call: NewCall) {
    if (current && current.phase !== "ended") return;
    set({ ...call, role: "callee", phase: "incoming", answeredAt: null, ended: null, problem: null, since: Date.now() });
  },

  /** I answered here: media and the peer connection come next. */
  answered(callId: string) {
    patch(callId, { phase: "connecting", answeredAt: Date.now() });
  },

  phase(callId: string, phase: CallPhase) {
    if (current?.id === callId && current.phase !== "ended") patch(callId, { phase });
  },

  /** The call is over: the screen says how, then closes (unless it explains a problem). */
  ended(callId: string, status: FinishedCallStatus, duration: number) {
    if (current?.id !== callId || current.phase === "ended") return;
    set({ ...current, phase: "ended", ended: { status, duration } });
    if (!current.problem) closeTimer = setTimeout(() => callStore.dismiss(callId), ENDED_SCREEN_MS);
  },

  /** This browser cannot go on with the call: the screen says why until the person closes it. */
  failed(callId: string, problem: string) {
    patch(callId, { problem });
  },

  /** Takes the call off screen at once (answered on another device, or the ended screen closed). */
  dismiss(callId: string) {
    if (current?.id === callId) set(null);
  },

  /**
   * Hands the call's signal data to `listener`: what arrived before, then everything as it
   * comes. Returns the function that stops it.
   */
  onSignal(callId: string, listener: (signal: SignalData) => void): () => void {
    if (current?.id !== callId) return () => {};
    signalListener = listener;
    const waiting = pendingSignals;
    pendingSignals = [];
    for (const signal of waiting) listener(signal);
    return () => {
      if (signalListener === listener) signalListener = null;
    };
  },

  /** A call event from the live stream. */
  receive(event: RelayEvent) {
    switch (event.type) {
      case "call:incoming": {
        const { id, chatId, type, initiator } = event.data;
        return callStore.incoming({ id, chatId, type, peer: { id: initiator.id, name: `${initiator.firstName} ${initiator.lastName}`, avatarUrl: initiator.avatarUrl } });
      }
      case "call:accepted": {
        if (current?.id !== event.data.id) return;
        if (current.role === "caller") return patch(current.id, { phase: "connecting", answeredAt: Date.now() });
        // Answered on another of my devices: this one stops ringing.
        if (current.phase === "incoming") return callStore.dismiss(current.id);
        return;
      }
      case "call:signal": {
        if (current?.id !== event.data.callId) return;
        if (signalListener) signalListener(event.data.signal);
        else pendingSignals.push(event.data.signal);
        return;
      }
      case "call:ended":
        return callStore.ended(event.data.id, event.data.status, event.data.duration);
      default:
        return;
    }
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function useCall(): CallState | null {
  return useSyncExternalStore(subscribe, () => current, () => null);
}

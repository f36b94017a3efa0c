// Call inputs and the few call facts the browser and the server share: what a call can be,
// and how its line in the chat reads.
import { z } from "zod";
import { safeJson, safeLine, safeText } from "./safe-text";
import { id, pageLimit } from "./validators";

export const callType = z.enum(["audio", "video"], { error: "Type must be audio or video" });
export type CallType = z.infer<typeof callType>;

export const CALL_STATUSES = ["ringing", "active", "ended", "rejected", "missed", "busy", "cancelled"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export type FinishedCallStatus = Exclude<CallStatus, "ringing" | "active">;

/** The most signal data one relay may carry, serialised (an SDP with many codecs is ~10 KB). */
export const MAX_SIGNAL_BYTES = 64 * 1024;

const sdp = z.string().max(MAX_SIGNAL_BYTES, "The session description is too large").refine(...safeText("A session description"));
const line = (max: number, field: string) => z.string().max(max).refine(...safeLine(field));
/**
 * What simple-peer emits on 'signal': a session description, an ICE candidate, or a request
 * to renegotiate. Anything else is refused rather than relayed.
 */
export const signalData = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["offer", "answer", "pranswer", "rollback"]), sdp }),
  z.object({
    type: z.literal("candidate"),
    candidate: z.object({
      candidate: line(2048, "A candidate"),
      sdpMid: line(256, "sdpMid").nullish(),
      sdpMLineIndex: z.number().int().min(0).max(1024).nullish(),
      usernameFragment: line(256, "usernameFragment").nullish(),
    }),
  }),
  z.object({ type: z.literal("renegotiate"), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal("transceiverRequest"),
    transceiverRequest: z.object({ kind: z.enum(["audio", "video"]), init: z.record(z.string(), z.unknown()).refine(...safeJson("init")).optional() }),
  }),
]);
export type SignalData = z.infer<typeof signalData>;

export const initiateCallInput = z.object({ chatId: id, type: callType });
export const callIdInput = z.object({ callId: id });
export const signalCallInput = z.object({ callId: id, signal: signalData });
export const callHistoryInput = z.object({
  chatId: id.optional(),
  cursor: line(200, "A cursor").nullish(),
  limit: pageLimit(100, 30),
});

/** "3:12", or "1:02:09" past the hour. */
export function formatCallDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** The system line a finished call leaves in its chat. */
export function callSummary(type: CallType, status: FinishedCallStatus, durationSec: number): string {
  const kind = type === "video" ? "video call" : "audio call";
  const Kind = type === "video" ? "Video call" : "Audio call";
  switch (status) {
    case "ended":
      return `${Kind} · ${formatCallDuration(durationSec)}`;
    case "missed":
      return `Missed ${kind}`;
    case "rejected":
      return `Declined ${kind}`;
    case "cancelled":
      return `Cancelled ${kind}`;
    case "busy":
      return `Missed ${kind} · line busy`;
  }
}

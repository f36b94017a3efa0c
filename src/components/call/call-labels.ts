import type { FinishedCallStatus } from "@/lib/calls";
import type { CallPhase, CallState } from "./call-store";

/** What the call is doing, as its screen says it. */
export function phaseLabel(phase: CallPhase): string {
  switch (phase) {
    case "incoming":
      return "Incoming call…";
    case "ringing":
      return "Ringing…";
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return "Reconnecting…";
    case "ended":
      return "Call ended";
  }
}

/** How the call finished, from my side of it. */
export function endedLabel(status: FinishedCallStatus, role: CallState["role"]): string {
  switch (status) {
    case "ended":
      return "Call ended";
    case "rejected":
      return role === "caller" ? "Call declined" : "Declined";
    case "missed":
      return role === "caller" ? "No answer" : "Missed call";
    case "busy":
      return "Line busy";
    case "cancelled":
      return "Call cancelled";
  }
}

// The single list of what can happen live. The browser imports these types; the server's bus
// and `events.stream` carry nothing else.
import type { CallStatus, CallType, FinishedCallStatus, SignalData } from "@/lib/calls";
import type { MessageCore, MessageView, PollCounts, PublicUser, Reaction } from "@/server/services/dto";

export type RelayEvent =
  /**
   * Also a receipt: its sender has read, and received, the chat up to this message (sending
   * reads the chat), so their cursors are at its seq without a `message:status`.
   */
  | { type: "message:new"; data: { chatId: string; message: MessageView } }
  /** An edit or a pin: the message without reactions (those travel as reaction events). */
  | { type: "message:updated"; data: { chatId: string; message: MessageCore } }
  /** "everyone": the message is now a tombstone; "me": hidden for the one recipient. */
  /** `expired`: a disappearing message's time ran out; it is gone, not a tombstone. */
  | { type: "message:deleted"; data: { chatId: string; messageId: string; scope: "me" | "everyone"; deletedAt: string; expired?: boolean } }
  /**
   * Members' read and delivery cursors moved past messages of the one it is sent to (whose ticks
   * change), or my own read cursor moved (my other devices' unread counts change).
   */
  | { type: "message:status"; data: { chatId: string; cursors: MemberCursors[] } }
  | { type: "reaction:new"; data: { chatId: string; messageId: string; reaction: Reaction } }
  | { type: "reaction:removed"; data: { chatId: string; messageId: string; reaction: Reaction } }
  /**
   * A poll's counts after a vote or its closing: counts only, never who voted (the voter's own
   * choice comes back in the vote's answer). A closed quiz names its answer.
   */
  | { type: "poll:updated"; data: { chatId: string; messageId: string; pollId: string } & PollCounts }
  | { type: "typing:start"; data: { chatId: string; userId: string } }
  | { type: "typing:stop"; data: { chatId: string; userId: string } }
  /** To everyone who shares a chat with the user. */
  | { type: "presence"; data: { userId: string; online: boolean; lastSeenAt: string | null } }
  | { type: "chat:updated"; data: { chatId: string; action: "created" | "renamed" | "members" | "deleted" | "disappearing" | "secure" } }
  /**
   * A person registered or revoked a secure device: to their own devices and to the other
   * person of each of their direct chats (refetch keys.bundles; show the key change).
   */
  | { type: "keys:changed"; data: { userId: string } }
  /** To the author only (their other devices): one of their scheduled messages changed. */
  | { type: "scheduled:updated"; data: { chatId: string; scheduledId: string; action: ScheduledAction } }
  /** To the person called: it rings until `ringsUntil` unless answered, declined or cancelled. */
  | { type: "call:incoming"; data: { id: string; chatId: string; type: CallType; initiator: PublicUser; ringsUntil: string } }
  /** To both parties (the callee's other devices stop ringing): the call is answered. */
  | { type: "call:accepted"; data: { id: string; chatId: string; status: Extract<CallStatus, "active">; answeredAt: string } }
  /** WebRTC signaling (simple-peer's signal data), to the other party only. */
  | { type: "call:signal"; data: { callId: string; chatId: string; fromUserId: string; signal: SignalData } }
  /** To both parties: how the call finished; `duration` in seconds from the answer (0 if never answered). */
  | { type: "call:ended"; data: { id: string; chatId: string; status: FinishedCallStatus; duration: number } }

  /**
   * From the stream itself, never logged: the client's position is one the log can no longer
   * replay from (older than its horizon, or unknown to it). Refetch everything, then go on.
   */
  | { type: "stream:reset"; data: { reason: "horizon" | "unknown-position" } };

/**
 * Signals that only matter now: they travel over the bus and are never logged, so a resuming
 * client gets the current state (who is typing, who is online, its call) rather than a replay.
 */
export const EPHEMERAL_TYPES = ["typing:start", "typing:stop", "presence", "call:signal"] as const;
export type EphemeralEvent = Extract<RelayEvent, { type: (typeof EPHEMERAL_TYPES)[number] }>;
export type DurableEvent = Exclude<RelayEvent, EphemeralEvent | { type: "stream:reset" }>;

export function isEphemeral(event: RelayEvent): event is EphemeralEvent {
  return (EPHEMERAL_TYPES as readonly string[]).includes(event.type);
}

export type ScheduledAction = "created" | "edited" | "cancelled" | "sent" | "failed";

/** Where one member of a chat has got to: every message with a seq at or below is delivered / read. */
export type MemberCursors = { userId: string; lastReadSeq: number; lastDeliveredSeq: number };

/** An event as stored and delivered: `id` is its place in the log, for resuming. */
export type StoredEvent = DurableEvent & { id: string };
/** What the bus carries: logged events with their id, ephemeral ones without. */
export type LiveEvent = StoredEvent | EphemeralEvent;

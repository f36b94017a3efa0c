// The plain JSON WebSocket protocol (/ws/plain), for clients without tRPC (Swift, Kotlin,
// Python…): every frame either side may send, as zod schemas. The connection validates the
// client's frames with them and the AsyncAPI document (asyncapi.ts) is made from them, so the
// two cannot disagree. A client frame's data is mapped onto a tRPC procedure's input, which
// the procedure then validates in full (connection.ts).
import { z } from "zod";
import { callIdInput, initiateCallInput, signalCallInput } from "@/lib/calls";
import { clientId, eventStreamInput, id, markReadInput, sendMessageInput } from "@/lib/validators";
import { safeLine } from "@/lib/safe-text";
import type { RelayEvent } from "@/server/events/types";

export const PLAIN_SOCKET_PATH = "/ws/plain";

/** How long a new socket has to send its auth frame before it is closed (4001). */
export const AUTH_TIMEOUT_MS = 5_000;
/** Bad frames (not JSON, unknown type, invalid data) tolerated within BAD_FRAME_WINDOW_MS; one more closes (4010). */
export const MAX_BAD_FRAMES = 4;
export const BAD_FRAME_WINDOW_MS = 60_000;

/** A label the client may put on a frame; the server's answer to that frame carries it back. */
const ref = z.string().min(1).max(64).refine(...safeLine("A ref"));
const token = z.string().min(1).max(4096);

// messages.send's own fields: the tempId stands for its clientId, and a scheduled send (which
// answers with a scheduled item, not a message) stays on tRPC.
const sendable = sendMessageInput.in.omit({ clientId: true, scheduledFor: true }).shape;

/** What a client may send: each type's data. */
export const clientFrameData = {
  auth: z
    .object({ token: token.optional(), lastEventId: eventStreamInput.shape.lastEventId })
    .describe("The first frame of every socket. `token` may be left out when the upgrade carried `Authorization: Bearer`; `lastEventId` resumes."),
  "message:send": z
    .object({ ...sendable, tempId: clientId })
    .describe("messages.send; `tempId` is its clientId: a retry with the same tempId never makes a second message. Answered message:sent or message:refused."),
  "typing:start": z.object({ chatId: id }).describe("chats.setTyping with typing true (repeat every few seconds while typing)."),
  "typing:stop": z.object({ chatId: id }).describe("chats.setTyping with typing false."),
  "messages:read": markReadInput.describe("messages.markRead: read up to a message (default: the newest)."),
  "call:initiate": initiateCallInput.describe("calls.initiate: ring the other person of a direct chat (the call is in ack's result)."),
  "call:answer": callIdInput.describe("calls.answer."),
  "call:reject": callIdInput.describe("calls.reject."),
  "call:end": callIdInput.describe("calls.end."),
  "call:signal": signalCallInput.describe("calls.signal: WebRTC signal data for the other party (who receives it as call:signal)."),
} as const;

export type ClientFrameType = keyof typeof clientFrameData;
export type ClientFrame = { [T in ClientFrameType]: { type: T; data: z.infer<(typeof clientFrameData)[T]>; ref?: string } }[ClientFrameType];

/** Every client frame's whole shape. */
export const clientFrames = Object.fromEntries(
  Object.entries(clientFrameData).map(([type, data]) => [type, z.object({ type: z.literal(type), data, ref: ref.optional() })]),
) as { [T in ClientFrameType]: z.ZodObject<{ type: z.ZodLiteral<T>; data: (typeof clientFrameData)[T]; ref: z.ZodOptional<typeof ref> }> };

/** The outside of any client frame, read before its type is known. */
export const clientEnvelope = z.object({ type: z.string(), data: z.unknown(), ref: ref.optional() });

/** The live events, each pushed as `{ id, type, data }` exactly as events.stream yields them. */
export const EVENT_TYPES = [
  "message:new",
  "message:updated",
  "message:deleted",
  "message:status",
  "reaction:new",
  "reaction:removed",
  "poll:updated",
  "typing:start",
  "typing:stop",
  "presence",
  "chat:updated",
  "scheduled:updated",
  "keys:changed",
  "call:incoming",
  "call:accepted",
  "call:signal",
  "call:ended",
  "stream:reset",
] as const satisfies readonly RelayEvent["type"][];
// A new event type that is not listed above fails to compile here.
const everyEventListed: Exclude<RelayEvent["type"], (typeof EVENT_TYPES)[number]> extends never ? true : never = true;
void everyEventListed;

/** Codes of the error frame: the protocol's own, or the tRPC code a procedure refused with. */
export const PROTOCOL_ERRORS = {
  INVALID_JSON: "The frame is not a JSON text",
  UNKNOWN_TYPE: "Unknown frame type",
  INVALID_FRAME: "The frame's data does not match its type",
  ALREADY_AUTHENTICATED: "This socket is already signed in",
} as const;

const refusal = {
  code: z.string().describe("UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, CONFLICT, TOO_MANY_REQUESTS or INTERNAL_SERVER_ERROR"),
  fieldErrors: z.record(z.string(), z.array(z.string())).nullish().describe("BAD_REQUEST: the message per field"),
  retryAfterSeconds: z.number().nullish().describe("TOO_MANY_REQUESTS: when a new try can succeed"),
  requestId: z.string().nullish().describe("INTERNAL_SERVER_ERROR: the id the server log carries"),
};
const anyObject = z.record(z.string(), z.unknown());

/** What the server sends besides events: each type's data. */
export const serverFrameData = {
  /** Signed in: events after `lastEventId` follow (from the very next frame on, nothing is missed). */
  ready: z
    .object({ userId: z.string(), lastEventId: z.string() })
    .describe("Signed in: the events after `lastEventId` follow, and resuming from it misses nothing."),
  "message:sent": z
    .object({ tempId: z.string(), message: anyObject.describe("The message, as messages.send returns it") })
    .describe("A message:send succeeded (or was a retry: the original message)."),
  "message:refused": z.object({ tempId: z.string(), reason: z.string(), ...refusal }).describe("A message:send was refused; nothing was sent."),
  ack: z
    .object({ ref: z.string(), type: z.string().describe("The client frame's type"), result: z.unknown() })
    .describe("A client frame that carried a `ref` succeeded: the procedure's answer."),
  error: z.object({
    code: z.string().describe(`${Object.keys(PROTOCOL_ERRORS).join(", ")}, or a tRPC code`),
    message: z.string(),
    ref: z.string().optional(),
    fieldErrors: refusal.fieldErrors,
    retryAfterSeconds: refusal.retryAfterSeconds,
    requestId: refusal.requestId,
  }).describe("A bad frame, or a refused one; `ref` is the client frame's own, when it had one."),
} as const;
export type ServerFrameType = keyof typeof serverFrameData;

/** Every server frame's whole shape; events are `{ id, type, data }`. */
export const serverFrames = Object.fromEntries(
  Object.entries(serverFrameData).map(([type, data]) => [type, z.object({ type: z.literal(type), data })]),
) as { [T in ServerFrameType]: z.ZodObject<{ type: z.ZodLiteral<T>; data: (typeof serverFrameData)[T] }> };
const EVENT_SUMMARIES: Record<(typeof EVENT_TYPES)[number], string> = {
  "message:new": "{ chatId, message }: a new message in one of my chats.",
  "message:updated": "{ chatId, message }: an edit or a pin (without reactions).",
  "message:deleted": '{ chatId, messageId, scope: "me" | "everyone", deletedAt, expired? }.',
  "message:status": "{ chatId, cursors: [{ userId, lastReadSeq, lastDeliveredSeq }] }: delivered / read cursors moved.",
  "reaction:new": "{ chatId, messageId, reaction }.",
  "reaction:removed": "{ chatId, messageId, reaction }.",
  "poll:updated": "{ chatId, messageId, pollId, counts, totalVoters, closed, revision, … }: counts only.",
  "typing:start": "{ chatId, userId }: not replayed; a resuming client hears who is typing now.",
  "typing:stop": "{ chatId, userId }.",
  presence: "{ userId, online, lastSeenAt }: not replayed.",
  "chat:updated": '{ chatId, action: "created" | "renamed" | "members" | "deleted" | "disappearing" | "secure" }.',
  "keys:changed": "{ userId }: that person's secure devices changed; refetch keys.bundles.",
  "scheduled:updated": "{ chatId, scheduledId, action }: one of my scheduled messages changed.",
  "call:incoming": "{ id, chatId, type, initiator, ringsUntil }: I am being called.",
  "call:accepted": "{ id, chatId, status, answeredAt }.",
  "call:signal": "{ callId, chatId, fromUserId, signal }: WebRTC signal data from the other party; not replayed.",
  "call:ended": "{ id, chatId, status, duration }.",
  "stream:reset": '{ reason: "horizon" | "unknown-position" }: the log cannot resume from your lastEventId; refetch what you show.',
};

export const eventFrames = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    z.object({ id: z.string().describe("Send the last one back as auth's lastEventId"), type: z.literal(type), data: anyObject.describe(EVENT_SUMMARIES[type]) }),
  ]),
) as unknown as Record<(typeof EVENT_TYPES)[number], z.ZodObject>;

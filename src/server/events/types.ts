// The single list of what can happen live. The browser imports these types; the server's bus
// and `events.stream` carry nothing else.
import type { MessageView } from "@/server/services/views";

export type RelayEvent =
  | { type: "message:new"; data: { chatId: string; message: MessageView } }
  | { type: "message:status"; data: { chatId: string; userId: string; lastReadSeq: number } }
  | { type: "chat:updated"; data: { chatId: string; action: "created" | "renamed" | "members" | "deleted" } };

export type RelayEventType = RelayEvent["type"];

/** An event as stored and delivered: `id` is its place in the log, for resuming. */
export type StoredEvent = RelayEvent & { id: string };

// What a push says: the chat to open, its name, and one line of the message. An end-to-end
// encrypted message's line is "🔒 Encrypted message": the server has no text to give.
import { fullName } from "@/lib/format";
import { messageSnippet } from "@/lib/message-snippet";
import type { MessageView } from "@/server/services/dto";

export type PushPayload = { chatId: string; title: string; body: string };

/** Push services take about 4 KB; a notification shows far less than this. */
const BODY_MAX_CHARS = 180;

type Chat = { type: "direct" | "group" | "support" | "context"; title: string | null };
type Sender = { firstName: string; lastName: string };

export function pushPayload(message: MessageView, chat: Chat, sender: Sender): PushPayload {
  const name = fullName(sender);
  const snippet = messageSnippet(message);
  // A direct chat is named after the person; elsewhere the chat's name, and who wrote.
  const title = chat.type === "direct" || !chat.title ? name : chat.title;
  const body = title === name ? snippet : `${name}: ${snippet}`;
  return { chatId: message.chatId, title, body: body.length > BODY_MAX_CHARS ? `${body.slice(0, BODY_MAX_CHARS - 1)}…` : body };
}

import type { ChatSummary } from "@/lib/api-types";

/** What a context chat is about, as its outside system names it: "purchase-request #123". */
export function contextLabel(chat: Pick<ChatSummary, "context">): string | null {
  return chat.context ? `${chat.context.type} #${chat.context.id}` : null;
}

import type { ChatSummary } from "@/server/services/views";

/**
 * How a chat is named in the list and header. The server's title already says whose support
 * chat it is (for admins); a context chat also shows what it is about ("purchase-request #123").
 */
export function chatLabel(chat: Pick<ChatSummary, "title" | "context">): { title: string; badge: string | null } {
  return { title: chat.title, badge: chat.context ? `${chat.context.type} #${chat.context.id}` : null };
}

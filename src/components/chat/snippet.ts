// One line that stands for a message: in quotes, the pinned bar and the chat list.
import { fullName } from "@/lib/format";
import type { MessageView, ReplyPreview } from "@/server/services/views";

export function messageSnippet(m: Pick<MessageView, "kind" | "content" | "deletedAt" | "contact">): string {
  if (m.deletedAt) return "Deleted message";
  if (m.kind === "contact") return `Contact: ${m.contact ? fullName(m.contact) : "deleted account"}`;
  return m.content.replace(/\s+/g, " ").trim();
}

export function quoteSnippet(q: ReplyPreview): string {
  if (q.deleted) return "Deleted message";
  if (q.kind === "contact") return q.content ? `Contact · ${q.content}` : "Contact";
  return q.content.replace(/\s+/g, " ").trim();
}

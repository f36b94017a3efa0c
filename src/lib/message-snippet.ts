// One line that stands for a message: in quotes, the pinned bar and the chat list.
import { formatDuration, fullName } from "@/lib/format";
import { plainText } from "@/lib/rich-text";
import type { FileView, MessageView, ReplyPreview } from "@/lib/api-types";

const fileLabel: Record<FileView["kind"], [string, string]> = {
  image: ["📷", "Photo"],
  video: ["🎬", "Video"],
  audio: ["🎵", "Audio"],
  document: ["📎", "File"],
};

/** "📷 Photo", "📷 3 photos", "🎵 Blue Sky", "📎 report.pdf", "📎 4 files". */
function filesSnippet(files: FileView[]): string {
  const first = files[0];
  if (!first) return "📎 File";
  const [icon, noun] = fileLabel[first.kind];
  const sameKind = files.every((f) => f.kind === first.kind);
  if (files.length > 1) return sameKind ? `${icon} ${files.length} ${noun.toLowerCase()}s` : `📎 ${files.length} files`;
  if (first.kind === "audio") return `${icon} ${first.audio?.title ?? first.name}`;
  if (first.kind === "document") return `${icon} ${first.name}`;
  return `${icon} ${noun}`;
}

/** A secure message anywhere but its own bubble: the server has no text, and notifications show none. */
const ENCRYPTED = "🔒 Encrypted message";

export function messageSnippet(
  m: Pick<MessageView, "kind" | "content" | "deletedAt" | "contact" | "attachments" | "sticker" | "durationSec">,
): string {
  if (m.deletedAt) return "Deleted message";
  if (m.kind === "contact") return `Contact: ${m.contact ? fullName(m.contact) : "deleted account"}`;
  if (m.kind === "voice") return `🎤 Voice message (${formatDuration(m.durationSec ?? 0)})`;
  if (m.kind === "sticker") return "Sticker";
  if (m.kind === "poll") return `📊 ${m.content}`;
  if (m.kind === "secure") return ENCRYPTED;
  const text = oneLine(m.content);
  if (m.kind === "attachment") {
    const files = filesSnippet(m.attachments);
    // With a caption, the caption says more than "Photo" does.
    return text ? `${files.split(" ")[0]} ${text}` : files;
  }
  return text;
}

export function quoteSnippet(q: ReplyPreview): string {
  // A quote of a disappearing message whose time ran out (older servers send no `expired`).
  if (q.expired) return "Message expired";
  if (q.deleted) return "Deleted message";
  if (q.kind === "contact") return q.content ? `Contact · ${q.content}` : "Contact";
  if (q.kind === "voice") return "🎤 Voice message";
  if (q.kind === "sticker") return "Sticker";
  if (q.kind === "poll") return `📊 ${q.content}`;
  if (q.kind === "secure") return ENCRYPTED;
  if (q.kind === "attachment") return q.content ? `📎 ${oneLine(q.content)}` : "📎 Attachment";
  return oneLine(q.content);
}

/** Text or a caption on one line, without its formatting markers. */
function oneLine(content: string): string {
  return plainText(content).replace(/\s+/g, " ").trim();
}

import type { ReactNode } from "react";
import { splitEmoji } from "@/lib/emoji";

/** Text with its emoji runs in the emoji font, so a text font's monochrome glyph never stands in. */
export function withEmojiFont(text: string): ReactNode {
  const parts = splitEmoji(text);
  if (!parts.some((part) => part.emoji)) return text;
  return parts.map((part, i) =>
    part.emoji ? (
      <span key={i} className="font-emoji">
        {part.text}
      </span>
    ) : (
      part.text
    ),
  );
}

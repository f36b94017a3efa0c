// The reactions offered first (the quick row), with the names screen readers announce. An
// instance may choose its own row (REACTIONS) and whether any other emoji is accepted too
// (REACTIONS_ANY_EMOJI); `reactions.available` tells the browser which.
export const DEFAULT_REACTIONS = [
  { emoji: "👍", label: "Thumbs up" },
  { emoji: "❤️", label: "Heart" },
  { emoji: "😂", label: "Laughing" },
  { emoji: "😮", label: "Surprised" },
  { emoji: "😢", label: "Sad" },
  { emoji: "🙏", label: "Thank you" },
  { emoji: "🔥", label: "Fire" },
  { emoji: "🎉", label: "Party" },
  { emoji: "👎", label: "Thumbs down" },
  { emoji: "👏", label: "Clapping" },
  { emoji: "🤔", label: "Thinking" },
  { emoji: "💯", label: "Hundred" },
] as const;

/** What `reactions.available` answers. */
export type AvailableReactions = {
  /** The quick row, in order. */
  quick: string[];
  /** True: any single emoji is accepted besides the quick row; false: only the quick row. */
  anyEmoji: boolean;
};

/** A name for an emoji of the default row; any other emoji names itself. */
export const reactionLabel = (emoji: string) => DEFAULT_REACTIONS.find((r) => r.emoji === emoji)?.label ?? emoji;

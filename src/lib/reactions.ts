// The reactions the server accepts, with the names screen readers announce. The server
// returns this list from `reactions.available`; the picker shows it in this order.
export const AVAILABLE_REACTIONS = [
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

const allowed = new Set<string>(AVAILABLE_REACTIONS.map((r) => r.emoji));

export const isAvailableReaction = (emoji: string) => allowed.has(emoji);

export const reactionLabel = (emoji: string) => AVAILABLE_REACTIONS.find((r) => r.emoji === emoji)?.label ?? emoji;

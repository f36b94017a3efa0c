// What counts as one emoji, for reactions (server and browser alike): exactly one sequence of
// Unicode's recommended-for-interchange set (RGI_Emoji: single emoji, skin tones, ZWJ
// sequences, flags, keycaps), fully qualified. Node 20.19+ and current browsers know the `v`
// flag; Node's ICU follows Unicode 17, the same version as the picker's emoji data.
// Compiling these sets costs tens of milliseconds on a phone: each is made on first use, and
// text with no character past ASCII (every emoji has one) needs neither.
let singleEmoji: RegExp | undefined;
let emojiRuns: RegExp | undefined;
const mayHoldEmoji = (text: string) => /[\u0080-\uffff]/.test(text);

/** The longest RGI sequence (a family with skin tones) is well under this many UTF-16 units. */
export const EMOJI_MAX_LENGTH = 64;

/** The text cut into runs of emoji and runs of other text, in order. */
export function splitEmoji(text: string): { text: string; emoji: boolean }[] {
  if (!mayHoldEmoji(text)) return text ? [{ text, emoji: false }] : [];
  const parts: { text: string; emoji: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll((emojiRuns ??= new RegExp("\\p{RGI_Emoji}+", "gv")))) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index), emoji: false });
    parts.push({ text: match[0], emoji: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), emoji: false });
  return parts;
}

export const isSingleEmoji = (text: string) =>
  text.length <= EMOJI_MAX_LENGTH && mayHoldEmoji(text) && (singleEmoji ??= new RegExp("^\\p{RGI_Emoji}$", "v")).test(text);

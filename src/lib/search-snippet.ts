// A search result's snippet: a window of the message around what matched, as plain text
// parts flagged as matched or not. Parts, not markup: whoever shows it wraps the matched parts
// itself, so a message that contains "<script>" or "<mark>" is only ever shown as text.

export type SnippetPart = { text: string; match: boolean };

/** How much of a message a snippet shows, at most, around its first match. */
export const SNIPPET_LENGTH = 160;
const LEAD = 40;

/**
 * Lower case without accents, one code point at a time, with where each folded character
 * came from: "Naïve" folds to "naive" and a match in the folding maps back onto the original.
 */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const plain = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase() || char;
    for (let i = 0; i < plain.length; i++) origin.push(index);
    folded += plain;
    index += char.length;
  }
  origin.push(index);
  return { folded, origin };
}

/** The [start, end) ranges of `text` where any term occurs, merged where they touch. */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  const { folded, origin } = fold(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = fold(term).folded;
    if (!needle) continue;
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
      ranges.push([origin[at]!, origin[at + needle.length]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The window of `text` around its first match, in parts, with "…" where it was cut. */
export function snippetOf(text: string, terms: string[], length = SNIPPET_LENGTH): SnippetPart[] {
  const flat = text.replace(/\s+/g, " ").trim();
  const ranges = matchRanges(flat, terms);
  const first = ranges[0]?.[0] ?? 0;
  let start = flat.length <= length ? 0 : Math.max(0, Math.min(first - LEAD, flat.length - length));
  // Start at a word, not in the middle of one, where there is a space close by.
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < first && space - start < 15) start = space + 1;
  }
  const end = Math.min(flat.length, start + length);
  const parts: SnippetPart[] = [];
  const push = (from: number, to: number, match: boolean) => {
    if (to > from) parts.push({ text: flat.slice(from, to), match });
  };
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    push(at, Math.max(at, from), false);
    push(Math.max(at, from), Math.min(to, end), true);
    at = Math.min(to, end);
  }
  push(at, end, false);
  if (start > 0) parts.unshift({ text: "…", match: false });
  if (end < flat.length) parts.push({ text: "…", match: false });
  return parts;
}

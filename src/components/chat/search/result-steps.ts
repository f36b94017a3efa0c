// Moving through search results with the keyboard, and saying where one is among them.

/** messages.search counts a chat's matches up to this many. */
export const MATCH_COUNT_CAP = 1000;

/**
 * The result an arrow key moves to: from none, ↓ goes to the first and ↑ to the last; the
 * ends hold, except that ↓ on the last asks for more ("more") when there are more.
 */
export function nextOption(keys: string[], active: string | null, down: boolean, hasMore: boolean): string | "more" | null {
  if (keys.length === 0) return null;
  const index = active === null ? -1 : keys.indexOf(active);
  if (index === -1) return (down ? keys[0] : keys.at(-1)) ?? null;
  if (down && index === keys.length - 1) return hasMore ? "more" : active;
  return keys[Math.max(0, index + (down ? 1 : -1))] ?? null;
}

/** "3 of 17": the match shown among a chat's matches (`total` counted by the server, capped). */
export function matchPosition(index: number, loaded: number, total: number | null, hasMore: boolean): string {
  const of = total === null ? `${loaded}${hasMore ? "+" : ""}` : total >= MATCH_COUNT_CAP ? `${MATCH_COUNT_CAP}+` : String(total);
  return `${index + 1} of ${of}`;
}

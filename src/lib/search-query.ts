// The message search language, read the same way by the server (which searches) and the
// browser (which marks what matched): words, "exact phrases", -excluded words, and operators
// from:@username, in:chat, has:file|image|link, before:/after:/on:YYYY-MM-DD. What does not
// read as an operator (an unknown name, a malformed date) is searched as a word: a search
// never fails on what someone typed.

export type SearchHas = "file" | "image" | "link";

export type SearchQuery = {
  /** Each must occur somewhere in the text (any case, any accents; inside words too). */
  words: string[];
  /** Each must occur as written, its words in this order. */
  phrases: string[];
  /** None may occur. */
  excluded: string[];
  /** Usernames (without "@"), or "me"; any of them wrote it. */
  from: string[];
  /** Pieces of chat titles or members' names; the message is in a chat matching any of them. */
  in: string[];
  has: SearchHas[];
  /** Calendar days, "YYYY-MM-DD": sent before the start of `before`, after the end of `after`, on `on`. */
  before: string | null;
  after: string | null;
  on: string | null;
};

const hasValues: readonly string[] = ["file", "image", "link"] satisfies SearchHas[];
// A token: an optional "-", an optional `name:`, then a quoted run or a bare run.
const tokenPattern = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/gi;

export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { words: [], phrases: [], excluded: [], from: [], in: [], has: [], before: null, after: null, on: null };
  for (const match of q.matchAll(tokenPattern)) {
    const [raw, minus, name, quoted, bare] = match;
    const value = (quoted ?? bare ?? "").trim();
    if (name && !minus && value && applyOperator(query, name.toLowerCase(), value)) continue;
    if (minus && !name && value) {
      query.excluded.push(value);
    } else if (quoted !== undefined && !name && !minus) {
      if (value) query.phrases.push(value.replace(/\s+/g, " "));
    } else {
      // Unknown operators, and a lone "-", are searched as they were typed.
      const word = raw.replace(/"/g, "").trim();
      if (word) query.words.push(word);
    }
  }
  return query;
}

function applyOperator(query: SearchQuery, name: string, value: string): boolean {
  switch (name) {
    case "from":
      query.from.push(value.replace(/^@/, "").toLowerCase());
      return true;
    case "in":
      query.in.push(value.replace(/^@/, ""));
      return true;
    case "has":
      if (!hasValues.includes(value.toLowerCase())) return false;
      query.has.push(value.toLowerCase() as SearchHas);
      return true;
    case "before":
    case "after":
    case "on":
      if (!isCalendarDay(value)) return false;
      query[name] = value;
      return true;
    default:
      return false;
  }
}

function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The texts whose occurrences a result marks: words and phrases (exclusions match nothing shown). */
export function markedTerms(query: SearchQuery): string[] {
  return [...query.phrases, ...query.words];
}

/** Whether the query names anything to look for: a search for nothing is refused. */
export function isEmptySearch(query: SearchQuery): boolean {
  return (
    query.words.length + query.phrases.length + query.excluded.length + query.from.length + query.in.length + query.has.length === 0 &&
    !query.before &&
    !query.after &&
    !query.on
  );
}

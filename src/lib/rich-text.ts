// The light formatting a message's text may carry, as Telegram reads it: **bold**, _italic_ or
// *italic*, ~~strike~~, `code`, ```code blocks``` and links (http, https, www. and bare domains).
// The text is parsed into a tree of plain values, never into markup: whoever shows it builds
// elements from the tree, so whatever a message says ("<script>", a javascript: address) is
// only ever text. Markers that do not pair up stay in the text as typed.

export type RichNode =
  | { type: "text"; text: string }
  | { type: "bold" | "italic" | "strike"; children: RichNode[] }
  | { type: "code"; text: string }
  | { type: "pre"; text: string }
  | { type: "link"; href: string; text: string };

type Style = "bold" | "italic" | "strike";

/** Which runs of a marker character style text: `*` alone italic, `**` bold; `_` italic; `~~` strike. */
const styles: Record<string, Partial<Record<number, Style>>> = {
  "*": { 1: "italic", 2: "bold" },
  _: { 1: "italic" },
  "~": { 2: "strike" },
};

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const isWord = (char: string | undefined) => char !== undefined && WORD.test(char);
const isSpace = (char: string | undefined) => char === undefined || SPACE.test(char);

// Bare domains are links only with a top-level domain people write (so "index.js" or
// "e.g." stay text).
const TLDS =
  "com|net|org|io|dev|app|co|uk|de|fr|es|it|nl|se|no|fi|dk|pl|ch|at|be|pt|ie|ru|ua|us|ca|eu|au|nz|jp|cn|in|br|mx|info|biz|edu|gov|me|tv|ai|gg|ly|xyz|site|online|tech|store|blog|page|cloud|news|shop";
const URL_AT = new RegExp(
  String.raw`(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${TLDS})(?![a-z0-9-])(?::\d{2,5})?(?:[\/?#][^\s<>"]*)?)`,
  "iuy",
);
// What a link may not start right after: it would be the middle of a word, an e-mail address or another address.
const NOT_BEFORE_LINK = /[\p{L}\p{N}@.\/:-]/u;
const TRAILING = /[.,;:!?'"*_~>]$/;
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** The link that starts at `at`, if one does: its text (trailing punctuation left out) and address. */
function linkAt(text: string, at: number): { text: string; href: string } | null {
  if (at > 0 && NOT_BEFORE_LINK.test(text[at - 1]!)) return null;
  URL_AT.lastIndex = at;
  const match = URL_AT.exec(text);
  if (!match) return null;
  let url = match[0];
  // "(see example.com)." ends at ".com": a closing bracket belongs to the link only when it opened one.
  const unclosed: Record<string, number> = { "(": 0, "[": 0, "{": 0 };
  for (const char of url) {
    if (char in unclosed) unclosed[char]!++;
    else if (CLOSERS[char]) unclosed[CLOSERS[char]]!--;
  }
  for (;;) {
    const last = url.at(-1)!;
    const opener = CLOSERS[last];
    if (TRAILING.test(last)) url = url.slice(0, -1);
    else if (opener && unclosed[opener]! < 0) {
      unclosed[opener]!++;
      url = url.slice(0, -1);
    } else break;
  }
  const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  return isWebAddress(href) ? { text: url, href } : null;
}

/** Only http(s) addresses with a host are ever links. */
function isWebAddress(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** How many times `char` repeats from `at`. */
function runLength(text: string, at: number, char: string): number {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
}

/**
 * Code that starts at `at`: ``` a block up to the next ```, ` or `` a span up to the next run
 * of as many backticks. Its content and where it ends.
 */
function codeAt(text: string, at: number): { node: RichNode; end: number } | null {
  const run = runLength(text, at, "`");
  if (run >= 3) {
    const close = text.indexOf("```", at + run);
    if (close === -1) return null;
    // A block starts and ends on lines of its own in what people type; those breaks are not code.
    const body = text.slice(at + run, close).replace(/^\n/, "").replace(/\n$/, "");
    return body ? { node: { type: "pre", text: body }, end: close + 3 } : null;
  }
  for (let close = text.indexOf("`", at + run); close !== -1; close = text.indexOf("`", close + 1)) {
    const closeRun = runLength(text, close, "`");
    if (closeRun === run && close > at + run) return { node: { type: "code", text: text.slice(at + run, close) }, end: close + run };
    close += closeRun - 1;
  }
  return null;
}

/**
 * Where the style opened by a marker run (of `length` characters `char`) is closed: the first
 * matching run, outside code and links, that follows a non-space and is not followed by a
 * letter. A longer run of `*` closes with its last characters ("***both***").
 */
function closerOf(text: string, from: number, char: string, length: number): number {
  for (let at = from; at < text.length; ) {
    if (text[at] === "`") {
      // As the parser reads them: a run of backticks is code up to its pair, or stays text whole.
      at = codeAt(text, at)?.end ?? at + runLength(text, at, "`");
      continue;
    }
    const link = linkAt(text, at);
    if (link) {
      at += link.text.length;
      continue;
    }
    if (text[at] === char) {
      const run = runLength(text, at, char);
      const fits = run === length || (char === "*" && run >= 3);
      if (fits && at > from && !isSpace(text[at - 1]) && !isWord(text[at + run])) return at + run - length;
      at += run;
      continue;
    }
    at++;
  }
  return -1;
}

/** Parses message text into formatted parts (see the top of this file). */
export function parseRichText(text: string): RichNode[] {
  const nodes: RichNode[] = [];
  let plain = "";
  const flush = () => {
    if (plain) nodes.push({ type: "text", text: plain });
    plain = "";
  };
  // A marker that found no closer will not find one from further on either: not looked for twice.
  const unclosed = new Set<string>();
  for (let at = 0; at < text.length; ) {
    const char = text[at]!;
    if (char === "`") {
      const code = codeAt(text, at);
      if (code) {
        flush();
        nodes.push(code.node);
        at = code.end;
      } else {
        const run = runLength(text, at, "`");
        plain += text.slice(at, at + run);
        at += run;
      }
      continue;
    }
    const link = linkAt(text, at);
    if (link) {
      flush();
      nodes.push({ type: "link", ...link });
      at += link.text.length;
      continue;
    }
    const kinds = styles[char];
    if (kinds) {
      const run = runLength(text, at, char);
      // "***" opens bold around an italic: the inner "*" is parsed with the content.
      const length = kinds[run] ? run : char === "*" && run >= 3 ? 2 : 0;
      const style = kinds[length];
      const key = `${char}${length}`;
      const opens = style && !isWord(text[at - 1]) && !isSpace(text[at + length]) && !unclosed.has(key);
      const close = opens ? closerOf(text, at + length, char, length) : -1;
      if (style && close !== -1) {
        flush();
        nodes.push({ type: style, children: parseRichText(text.slice(at + length, close)) });
        at = close + length;
      } else {
        if (opens) unclosed.add(key);
        plain += text.slice(at, at + (length || run));
        at += length || run;
      }
      continue;
    }
    plain += char;
    at++;
  }
  flush();
  return nodes;
}

/** The text of parsed parts without their markers. */
export function richNodesText(nodes: RichNode[]): string {
  return nodes.map((node) => ("children" in node ? richNodesText(node.children) : node.text)).join("");
}

/** What a message says without its formatting markers: for one-line previews. */
export function plainText(text: string): string {
  return richNodesText(parseRichText(text));
}

/**
 * The composer's Ctrl+B / Ctrl+I: wraps the selected text in `marker`, or unwraps it when it
 * is wrapped already. With nothing selected the caret lands between the markers.
 */
export function toggleMarker(
  value: string,
  start: number,
  end: number,
  marker: string,
): { value: string; start: number; end: number } {
  const m = marker.length;
  if (value.slice(start - m, start) === marker && value.slice(end, end + m) === marker) {
    return { value: value.slice(0, start - m) + value.slice(start, end) + value.slice(end + m), start: start - m, end: end - m };
  }
  return { value: value.slice(0, start) + marker + value.slice(start, end) + marker + value.slice(end), start: start + m, end: end + m };
}

/**
 * Text cut into parts (a search hit's snippet, its matches flagged), without the formatting
 * markers of the text they make up together. Markers are only ever left out, so each kept
 * character is found in order and stays in its part.
 */
export function plainParts<Part extends { text: string }>(parts: Part[]): Part[] {
  const plain = plainText(parts.map((part) => part.text).join(""));
  let at = 0;
  const result: Part[] = [];
  for (const part of parts) {
    let kept = "";
    for (const char of part.text) {
      if (plain.startsWith(char, at)) {
        kept += char;
        at += char.length;
      }
    }
    if (kept) result.push({ ...part, text: kept });
  }
  return result;
}

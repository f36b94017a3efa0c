// How a search is read: operators, phrases and exclusions; anything else is a word.
import { describe, expect, test } from "vitest";
import { isEmptySearch, parseSearchQuery } from "./search-query";
import { snippetOf } from "./search-snippet";

describe("parseSearchQuery", () => {
  test("reads every operator, phrase and exclusion", () => {
    expect(parseSearchQuery('lunch "see you" -pizza from:@Ann in:"Team chat" has:image before:2026-03-01 after:2026-01-31 on:2026-02-14')).toEqual({
      words: ["lunch"],
      phrases: ["see you"],
      excluded: ["pizza"],
      from: ["ann"],
      in: ["Team chat"],
      has: ["image"],
      before: "2026-03-01",
      after: "2026-01-31",
      on: "2026-02-14",
    });
  });

  test("unknown operators, malformed dates and stray quotes are words", () => {
    const query = parseSearchQuery('color:blue has:sparkles on:2026-02-30 before:soon "open -');
    expect(query.words).toEqual(["color:blue", "has:sparkles", "on:2026-02-30", "before:soon"]);
    expect(query.phrases).toEqual(["open -"]);
    expect(query.has).toEqual([]);
    expect(query.on).toBeNull();
  });

  test("a search for nothing is empty", () => {
    expect(isEmptySearch(parseSearchQuery('""'))).toBe(true);
    expect(isEmptySearch(parseSearchQuery("has:file"))).toBe(false);
  });
});

describe("snippetOf", () => {
  test("marks every match, folding case and accents, in the original spelling", () => {
    expect(snippetOf("Naïve or NAIVE?", ["naive"])).toEqual([
      { text: "Naïve", match: true },
      { text: " or ", match: false },
      { text: "NAIVE", match: true },
      { text: "?", match: false },
    ]);
  });

  test("a long message is cut around its first match", () => {
    const text = `${"a".repeat(300)} needle ${"b".repeat(300)}`;
    const parts = snippetOf(text, ["needle"]);
    expect(parts[0]).toEqual({ text: "…", match: false });
    expect(parts.at(-1)).toEqual({ text: "…", match: false });
    expect(parts.filter((p) => p.match)).toEqual([{ text: "needle", match: true }]);
  });
});

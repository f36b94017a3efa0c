// How message text is read into formatting: markers, code, links, and what stays literal.
import { describe, expect, test } from "vitest";
import { parseRichText, plainParts, plainText, toggleMarker, type RichNode } from "./rich-text";

const text = (value: string): RichNode => ({ type: "text", text: value });
const link = (value: string, href = value): RichNode => ({ type: "link", text: value, href });

describe("parseRichText: styles", () => {
  test("bold, both italics, strike and inline code", () => {
    expect(parseRichText("a **b** _c_ *d* ~~e~~ `f`")).toEqual([
      text("a "),
      { type: "bold", children: [text("b")] },
      text(" "),
      { type: "italic", children: [text("c")] },
      text(" "),
      { type: "italic", children: [text("d")] },
      text(" "),
      { type: "strike", children: [text("e")] },
      text(" "),
      { type: "code", text: "f" },
    ]);
  });

  test("styles nest, and a run of three stars is bold around italic", () => {
    expect(parseRichText("**bold _and italic_ ~~gone~~**")).toEqual([
      {
        type: "bold",
        children: [
          text("bold "),
          { type: "italic", children: [text("and italic")] },
          text(" "),
          { type: "strike", children: [text("gone")] },
        ],
      },
    ]);
    expect(parseRichText("***both***")).toEqual([{ type: "bold", children: [{ type: "italic", children: [text("both")] }] }]);
  });

  test("unclosed or unpaired markers stay as typed", () => {
    for (const literal of ["**not closed", "_half", "~~", "a * b * c", "** spaced **", "2*3*4", "`open", "```open", "~one~"]) {
      expect(plainText(literal)).toBe(literal);
    }
    expect(parseRichText("**a _b** c_")).toEqual([{ type: "bold", children: [text("a _b")] }, text(" c_")]);
  });

  test("underscores inside words are not italics", () => {
    expect(parseRichText("snake_case_name and file_v2_final")).toEqual([text("snake_case_name and file_v2_final")]);
  });

  test("nothing is formatted inside code", () => {
    expect(parseRichText("`**not bold** _x_ https://a.com`")).toEqual([{ type: "code", text: "**not bold** _x_ https://a.com" }]);
    expect(parseRichText("**a `b**` c**")).toEqual([{ type: "bold", children: [text("a "), { type: "code", text: "b**" }, text(" c")] }]);
    expect(parseRichText("see:\n```\nconst a = **b**;\n_c_\n```\ndone")).toEqual([
      text("see:\n"),
      { type: "pre", text: "const a = **b**;\n_c_" },
      text("\ndone"),
    ]);
  });

  test("markup is text, never parsed as such", () => {
    expect(parseRichText("<script>alert(1)</script> **<b>x</b>**")).toEqual([
      text("<script>alert(1)</script> "),
      { type: "bold", children: [text("<b>x</b>")] },
    ]);
  });
});

describe("parseRichText: links", () => {
  test("http, https, www and bare domains", () => {
    expect(parseRichText("go to https://relay.dev/a?b=1#c or http://x.org")).toEqual([
      text("go to "),
      link("https://relay.dev/a?b=1#c"),
      text(" or "),
      link("http://x.org"),
    ]);
    expect(parseRichText("www.example.com and example.co.uk/path")).toEqual([
      link("www.example.com", "https://www.example.com"),
      text(" and "),
      link("example.co.uk/path", "https://example.co.uk/path"),
    ]);
  });

  test("trailing punctuation and unpaired brackets are not part of a link", () => {
    expect(parseRichText("Look: https://a.com/x. Or (https://b.com), ok?")).toEqual([
      text("Look: "),
      link("https://a.com/x"),
      text(". Or ("),
      link("https://b.com"),
      text("), ok?"),
    ]);
    expect(parseRichText("https://en.wikipedia.org/wiki/Rust_(language)!")).toEqual([
      link("https://en.wikipedia.org/wiki/Rust_(language)"),
      text("!"),
    ]);
  });

  test("only web addresses are links", () => {
    for (const notLink of ["javascript:alert(1)", "javascript://example.com/%0aalert(1)", "data:text/html,hi", "file.txt index.js e.g.", "me@example.com", "ftp://x.org"]) {
      expect(parseRichText(notLink).some((node) => node.type === "link")).toBe(false);
    }
  });

  test("links inside styles, and underscores in a link are not italics", () => {
    expect(parseRichText("**https://a.com/b**")).toEqual([{ type: "bold", children: [link("https://a.com/b")] }]);
    expect(parseRichText("_https://a.com/x_y_ z")).toEqual([{ type: "italic", children: [link("https://a.com/x_y")] }, text(" z")]);
  });
});

describe("plainText", () => {
  test("drops the markers and keeps what they wrap", () => {
    expect(plainText("**Hi** _there_, see `code` at https://a.com ~~now~~")).toBe("Hi there, see code at https://a.com now");
  });
});

describe("plainParts", () => {
  test("a snippet's parts lose the markers of the whole, and keep their matches", () => {
    const parts = [
      { text: "see **the ", match: false },
      { text: "kiwi", match: true },
      { text: "** and _more_ `x`", match: false },
    ];
    expect(plainParts(parts)).toEqual([
      { text: "see the ", match: false },
      { text: "kiwi", match: true },
      { text: " and more x", match: false },
    ]);
  });

  test("a marker cut off by the snippet's edge stays as typed", () => {
    const parts = [{ text: "…bold** tail", match: false }];
    expect(plainParts(parts)).toEqual(parts);
  });
});

describe("toggleMarker", () => {
  test("wraps a selection, and unwraps it when pressed again", () => {
    const wrapped = toggleMarker("say hello now", 4, 9, "**");
    expect(wrapped).toEqual({ value: "say **hello** now", start: 6, end: 11 });
    expect(toggleMarker(wrapped.value, wrapped.start, wrapped.end, "**")).toEqual({ value: "say hello now", start: 4, end: 9 });
  });

  test("with no selection, leaves the caret between the markers", () => {
    expect(toggleMarker("ab", 1, 1, "_")).toEqual({ value: "a__b", start: 2, end: 2 });
  });
});

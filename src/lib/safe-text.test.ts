import { expect, test } from "vitest";
import { isSafeJson, isSafeLine, isSafeText } from "./safe-text";

test("a line refuses every control character, a line break and a tab included", () => {
  for (const bad of ["\u0000", "\n", "\t", "\r", "\u001b", "\u007f", "\u0085", "\u009f"]) expect(isSafeLine(`a${bad}b`)).toBe(false);
  expect(isSafeLine("Zoë O'Brien-Łukasz 😀")).toBe(true);
});

test("text keeps line breaks and tabs and refuses the other control characters", () => {
  expect(isSafeText("one\n\ttwo\r\nthree")).toBe(true);
  for (const bad of ["\u0000", "\u0007", "\u000b", "\u000c", "\u001b", "\u007f", "\u0085"]) expect(isSafeText(`a${bad}b`)).toBe(false);
});

test("half a surrogate pair is refused; a whole one is a character", () => {
  expect(isSafeText("\ud83d\ude00")).toBe(true);
  expect(isSafeText("a\ud83d")).toBe(false);
  expect(isSafeText("\ude00a")).toBe(false);
  expect(isSafeLine("\ud83d\ud83d\ude00")).toBe(false);
});

test("JSON is checked in every key and nested string", () => {
  expect(isSafeJson({ a: [1, "two", { three: null, four: "x\ny" }] })).toBe(true);
  expect(isSafeJson({ a: [{ b: "\u0000" }] })).toBe(false);
  expect(isSafeJson({ "\u0000": 1 })).toBe(false);
});

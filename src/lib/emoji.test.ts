// Emoji runs are found whole (skin tones, ZWJ sequences, flags), so each is drawn in the emoji font.
import { describe, expect, test } from "vitest";
import { isSingleEmoji, splitEmoji } from "./emoji";

describe("splitEmoji", () => {
  test("cuts text into emoji runs and the rest, keeping every character", () => {
    const text = "Party 🎉😂 ok 👩🏽‍💻🇫🇷! ❤ no";
    const parts = splitEmoji(text);
    expect(parts).toEqual([
      { text: "Party ", emoji: false },
      { text: "🎉😂", emoji: true },
      { text: " ok ", emoji: false },
      { text: "👩🏽‍💻🇫🇷", emoji: true },
      // A heart without the emoji selector is text.
      { text: "! ❤ no", emoji: false },
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(text);
    expect(splitEmoji("plain")).toEqual([{ text: "plain", emoji: false }]);
    // A keycap starts with a plain digit or sign: the selector and the keycap mark make it one.
    expect(splitEmoji("dial #️⃣ or 1")).toEqual([
      { text: "dial ", emoji: false },
      { text: "#️⃣", emoji: true },
      { text: " or 1", emoji: false },
    ]);
    expect(splitEmoji("")).toEqual([]);
  });

  test("one emoji is one RGI sequence, whatever its length", () => {
    expect(["👨‍👩‍👧‍👦", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🧑🏿‍🤝‍🧑🏻", "#️⃣"].every(isSingleEmoji)).toBe(true);
    expect(["🎉😂", "ab", "🎉 "].some(isSingleEmoji)).toBe(false);
  });
});

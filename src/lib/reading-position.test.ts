import { describe, expect, test } from "vitest";
import { parseReadingPosition, positionToKeep, readingPositionKey } from "./reading-position";

describe("reading position", () => {
  test("is kept per person and chat", () => {
    expect(readingPositionKey("u1", "c1")).not.toBe(readingPositionKey("u2", "c1"));
    expect(readingPositionKey("u1", "c1")).not.toBe(readingPositionKey("u1", "c2"));
  });

  test("reads back what was stored, and nothing from anything else", () => {
    expect(parseReadingPosition(JSON.stringify({ messageId: "m1", offset: -12.4 }))).toEqual({ messageId: "m1", offset: -12 });
    for (const raw of [null, "", "{", "[]", "null", '{"messageId":"","offset":1}', '{"messageId":"m1"}', '{"messageId":"m1","offset":"3"}']) {
      expect(parseReadingPosition(raw), String(raw)).toBeNull();
    }
  });

  test("at the newest of a live history nothing is kept: it reopens at the newest", () => {
    expect(positionToKeep({ topmostId: "m9", offset: 0, atNewest: true, live: true })).toBeNull();
    expect(positionToKeep({ topmostId: "m9", offset: 3.6, atNewest: false, live: true })).toEqual({ messageId: "m9", offset: 4 });
    // At the bottom of a window far back, that window is where the reader is.
    expect(positionToKeep({ topmostId: "m2", offset: -8, atNewest: true, live: false })).toEqual({ messageId: "m2", offset: -8 });
    expect(positionToKeep({ topmostId: null, offset: 0, atNewest: false, live: true })).toBeNull();
  });
});

import { describe, expect, test } from "vitest";
import { formatDuration, wholeSeconds } from "./format";

describe("formatDuration", () => {
  test("reads minutes and seconds, and hours once there are any", () => {
    expect(formatDuration(7)).toBe("0:07");
    expect(formatDuration(205)).toBe("3:25");
    expect(formatDuration(3729)).toBe("1:02:09");
  });

  test("rounds to the nearest second, as a recording's stored length is", () => {
    // A 2.6 s voice note: stored as 3 s, shown 0:03 in the list and its bubble alike.
    expect(wholeSeconds(2.6)).toBe(3);
    expect(formatDuration(2.6)).toBe(formatDuration(wholeSeconds(2.6)));
    expect(formatDuration(2.6)).toBe("0:03");
    expect(formatDuration(2.4)).toBe("0:02");
    expect(formatDuration(59.6)).toBe("1:00");
  });

  test("a length not known yet reads 0:00", () => {
    expect(formatDuration(Number.NaN)).toBe("0:00");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0:00");
    expect(formatDuration(-3)).toBe("0:00");
  });
});

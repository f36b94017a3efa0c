// How timers and time left read: in the system line, the header badge and each message.
import { describe, expect, test } from "vitest";
import { TIMER_CHOICES, timeLeft, timerBadge, timerLabel } from "./disappearing";

describe("disappearing-message labels", () => {
  test("each timer reads in its largest whole unit", () => {
    expect(TIMER_CHOICES.map((c) => c.label)).toEqual(["Off", "30 seconds", "5 minutes", "1 hour", "1 day", "1 week", "4 weeks"]);
    expect([30, 300, 3600, 86_400, 604_800, 2_419_200].map(timerBadge)).toEqual(["30s", "5m", "1h", "1d", "1w", "4w"]);
    expect(timerLabel(10)).toBe("10 seconds");
  });

  test("time left rounds up, so a message never shows 0 before its time", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    expect(timeLeft(at(29.2), now)).toBe("30s");
    expect(timeLeft(at(29), now)).toBe("29s");
    expect(timeLeft(at(4 * 60 - 1), now)).toBe("4m");
    expect(timeLeft(at(3600), now)).toBe("1h");
    expect(timeLeft(at(2 * 86_400), now)).toBe("2d");
    expect(timeLeft(at(-5), now)).toBe("0s");
  });
});

// What the list of devices says about a session's last use.
import { describe, expect, test } from "vitest";
import { lastUsedLabel } from "./device-time";

describe("lastUsedLabel", () => {
  const now = new Date(2026, 11, 1, 15, 30);
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  test("this device, or one used in the last couple of minutes, is active now", () => {
    expect(lastUsedLabel(ago(600), now, true)).toBe("Active now");
    expect(lastUsedLabel(ago(1), now, false)).toBe("Active now");
  });

  test("older uses say how long ago, then the day", () => {
    expect(lastUsedLabel(ago(5), now, false)).toMatch(/^Last used 5 minutes ago$/);
    expect(lastUsedLabel(ago(120), now, false)).toMatch(/^Last used today at /);
    expect(lastUsedLabel(ago(24 * 60), now, false)).toMatch(/^Last used yesterday at /);
    expect(lastUsedLabel(ago(10 * 24 * 60), now, false)).toMatch(/^Last used on /);
  });
});

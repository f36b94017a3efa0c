// The memory of recent refusals that lets a flood be refused before a database lookup.
import { expect, test } from "vitest";
import { RecentRefusals } from "./recent-refusals";

test("a session refused sends is refused sends until the wait ends, and nothing else", () => {
  let now = 1_000;
  const recent = new RecentRefusals(() => now);
  expect(recent.empty).toBe(true);
  recent.note("session-1", "send", 4_000);
  expect(recent.waitFor("session-1", ["send", "send"])).toBe(4_000);
  // A batch that also reads is let through to the budgets, which decide call by call.
  expect(recent.waitFor("session-1", ["send", "query"])).toBe(0);
  expect(recent.waitFor("session-2", ["send"])).toBe(0);
  now += 4_000;
  expect(recent.waitFor("session-1", ["send"])).toBe(0);
  expect(recent.empty).toBe(true);
});

test("a refused session's token is remembered while the session is held up", () => {
  let now = 0;
  const recent = new RecentRefusals(() => now);
  recent.note("session-1", "send", 1_000);
  recent.rememberToken("token-1", "session-1");
  expect(recent.sessionOf("token-1")).toBe("session-1");
  now += 1_000;
  expect(recent.waitFor("session-1", ["send"])).toBe(0);
  expect(recent.sessionOf("token-1")).toBeUndefined();
});

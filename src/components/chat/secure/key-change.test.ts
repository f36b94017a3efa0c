// When the conversation warns that the other person's keys changed.
import { describe, expect, test } from "vitest";
import { keyChangeNotice, keyDecision } from "./key-change";

describe("key change notice", () => {
  test("the first keys seen are pinned quietly; the same keys in any order are no change", () => {
    expect(keyDecision(null, ["k1"])).toBe("pin");
    expect(keyDecision([], ["k1"])).toBe("pin");
    expect(keyDecision(null, [])).toBe("same");
    expect(keyDecision(["k1", "k2"], ["k2", "k1"])).toBe("same");
  });

  test("a device added, replaced or revoked is a change", () => {
    expect(keyDecision(["k1"], ["k1", "k2"])).toBe("changed");
    expect(keyDecision(["k1", "k2"], ["k1"])).toBe("changed");
    expect(keyDecision(["k1"], ["k3"])).toBe("changed");
    expect(keyDecision(["k1"], [])).toBe("changed");
  });

  test("it names the person and asks for the safety number", () => {
    expect(keyChangeNotice("Bob Tester")).toBe("Bob Tester's security keys changed. Verify the safety number.");
  });
});

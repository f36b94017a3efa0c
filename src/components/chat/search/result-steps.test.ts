import { describe, expect, test } from "vitest";
import { matchPosition, nextOption } from "./result-steps";

describe("nextOption", () => {
  const keys = ["chat-1", "person-2", "message-3"];

  test("from none, down goes to the first result and up to the last", () => {
    expect(nextOption(keys, null, true, false)).toBe("chat-1");
    expect(nextOption(keys, null, false, false)).toBe("message-3");
  });

  test("moves across sections one result at a time", () => {
    expect(nextOption(keys, "chat-1", true, false)).toBe("person-2");
    expect(nextOption(keys, "message-3", false, false)).toBe("person-2");
  });

  test("holds at the ends, and past the last asks for more when there is more", () => {
    expect(nextOption(keys, "chat-1", false, false)).toBe("chat-1");
    expect(nextOption(keys, "message-3", true, false)).toBe("message-3");
    expect(nextOption(keys, "message-3", true, true)).toBe("more");
  });

  test("a result that is gone counts as none; no results, nowhere to go", () => {
    expect(nextOption(keys, "message-9", true, false)).toBe("chat-1");
    expect(nextOption([], null, true, true)).toBeNull();
  });
});

describe("matchPosition", () => {
  test("counts from one, out of the server's total", () => {
    expect(matchPosition(0, 20, 17, false)).toBe("1 of 17");
    expect(matchPosition(2, 20, 17, false)).toBe("3 of 17");
  });

  test("a capped total reads as at least that many", () => {
    expect(matchPosition(4, 20, 1000, true)).toBe("5 of 1000+");
  });

  test("without a total, what is loaded, and + when there is more", () => {
    expect(matchPosition(0, 20, null, true)).toBe("1 of 20+");
    expect(matchPosition(0, 3, null, false)).toBe("1 of 3");
  });
});

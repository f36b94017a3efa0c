// What a person sees on a send the server refused for going too fast.
import { describe, expect, test } from "vitest";
import { retryAfterOf, waitNotice } from "./retry-wait";

describe("retryAfterOf", () => {
  test("reads the seconds from the data when present, else from the sentence", () => {
    expect(retryAfterOf({ message: "Too many messages — try again in 7 s", data: { code: "TOO_MANY_REQUESTS", retryAfterSeconds: 9 } })).toBe(9);
    expect(retryAfterOf({ message: "Too many messages — try again in 7 s", data: { code: "TOO_MANY_REQUESTS" } })).toBe(7);
  });

  test("is null for every other failure", () => {
    expect(retryAfterOf({ message: "This chat does not exist", data: { code: "NOT_FOUND" } })).toBeNull();
    expect(retryAfterOf(new Error("Failed to fetch"))).toBeNull();
    expect(retryAfterOf(null)).toBeNull();
  });
});

test("the notice counts the wait down, then says the message can be retried", () => {
  const message = "Too many messages — try again in 7 s";
  expect(waitNotice(message, 7)).toBe(message);
  expect(waitNotice(message, 3)).toBe("Too many messages — try again in 3 s");
  expect(waitNotice(message, 0)).toBe("Not sent — you can retry now");
});

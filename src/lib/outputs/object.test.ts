// Under tests the output schemas are strict: a key the API document does not name fails the
// call, so an answer cannot quietly carry more than it describes (a hash, a token).
import { expect, test } from "vitest";
import { authOutputs } from "./auth";
import { chatsOutputs } from "./chats";

const profile = {
  id: "u1",
  username: "ann",
  firstName: "Ann",
  lastName: "Lee",
  bio: null,
  role: "user",
  online: false,
  lastSeenAt: null,
  avatarUrl: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  age: 30,
};

test("an answer with a key its schema does not name is refused, extended schemas too", () => {
  expect(authOutputs.me.safeParse(profile).success).toBe(true);
  expect(authOutputs.me.safeParse({ ...profile, passwordHash: "x" }).success).toBe(false);
  expect(authOutputs.register.safeParse({ user: { ...profile, tokenVersion: 1 }, token: "t" }).success).toBe(false);
  const info = chatsOutputs.info.safeParse({ secret: 1 });
  expect(info.success).toBe(false);
  expect(info.error?.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
});

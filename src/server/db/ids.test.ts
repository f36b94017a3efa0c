import { expect, test } from "vitest";
import { newId } from "./ids";

test("ids are 24 characters, start with a letter, and do not repeat", () => {
  const ids = Array.from({ length: 20_000 }, newId);
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
  expect(new Set(ids).size).toBe(ids.length);
});

test("every character of the alphabet turns up in every position after the first", () => {
  const seen = Array.from({ length: 24 }, () => new Set<string>());
  for (let i = 0; i < 5_000; i++) [...newId()].forEach((c, position) => seen[position]!.add(c));
  expect(seen[0]!.size).toBe(26);
  for (const position of seen.slice(1)) expect(position.size).toBe(36);
});

// Whatever the value, the fast path answers exactly what superjson does.
import superjson from "superjson";
import { expect, test } from "vitest";
import { serialize } from "./plain-json";

const shared = { x: 1 };
const values: Record<string, unknown> = {
  "plain JSON": { a: 1, b: [1, "x", null, true], c: { d: { e: "deep" } }, empty: {}, none: [] },
  "a message as the API sends it": { id: "m1", seq: 3, replyTo: null, attachments: [], reactions: [{ emoji: "👍", userIds: ["u"] }] },
  "a Date": { at: new Date("2026-01-01T00:00:00Z") },
  "an undefined field": { maybe: undefined, sure: 1 },
  "an array with undefined": [1, undefined, 3],
  "a sparse array": [1, , 3],
  "one object in two places": { p: shared, q: shared },
  "-0, NaN and Infinity": [-0, Number.NaN, Number.POSITIVE_INFINITY],
  "a Map and a Set": { m: new Map([["k", 1]]), s: new Set([1]) },
  "a bigint": { n: BigInt(7) },
  "an object without a prototype": Object.assign(Object.create(null), { a: 1 }),
  "a class instance": { error: new Error("boom") },
  "a bare string": "text",
  null: null,
};

for (const [name, value] of Object.entries(values)) {
  test(`${name}: the same as superjson`, () => {
    expect(serialize(value)).toEqual(superjson.serialize(value));
    expect(superjson.deserialize(serialize(value))).toEqual(superjson.deserialize(superjson.serialize(value)));
  });
}

// superjson, without its walk where there is nothing to annotate. superjson visits every value
// to record what JSON cannot say (Dates, undefined, -0, Maps, one object in two places), and for
// a value with none of those its answer is just `{ json: value }`. Most of what Relay sends is
// such plain JSON, and checking that is several times cheaper than superjson's walk.
import superjson, { type SuperJSONResult } from "superjson";

export function serialize(value: unknown): SuperJSONResult {
  return isPlainJson(value, new Set()) ? { json: value as SuperJSONResult["json"] } : superjson.serialize(value);
}

/** Only strings, booleans, null, finite numbers (not -0), arrays and plain objects, each object once. */
function isPlainJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      // The same object twice is a reference superjson keeps.
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], seen)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], seen)) return false;
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
}

// The schedule of a device's prekeys and the comparison behind the "keys changed" notice.
import { describe, expect, test } from "vitest";
import { currentPrekey, isPrekeyDue, nextPrekeyId, peerKeysChanged, prekeysToDelete, sortedKeys } from "./prekey-schedule";

const DAY = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 5, 15);

describe("prekey rotation", () => {
  test("a prekey is replaced once it is seven days old", () => {
    expect(isPrekeyDue({ createdAt: now - 6 * DAY }, now)).toBe(false);
    expect(isPrekeyDue({ createdAt: now - 7 * DAY + 1 }, now)).toBe(false);
    expect(isPrekeyDue({ createdAt: now - 7 * DAY }, now)).toBe(true);
    expect(isPrekeyDue({ createdAt: now - 30 * DAY }, now)).toBe(true);
  });

  test("a retired prekey is deleted seven days after its retirement, the current one never", () => {
    const prekeys = [
      { id: 1, createdAt: now - 30 * DAY, retiredAt: now - 20 * DAY },
      { id: 2, createdAt: now - 20 * DAY, retiredAt: now - 7 * DAY },
      { id: 3, createdAt: now - 14 * DAY, retiredAt: now - 6 * DAY },
      { id: 4, createdAt: now - 60 * DAY, retiredAt: null },
    ];
    expect(prekeysToDelete(prekeys, now)).toEqual([1, 2]);
    expect(prekeysToDelete([], now)).toEqual([]);
  });

  test("the current prekey is the newest that is not retired", () => {
    expect(currentPrekey([])).toBeNull();
    expect(
      currentPrekey([
        { id: 2, createdAt: 0, retiredAt: null },
        { id: 5, createdAt: 0, retiredAt: 10 },
        { id: 3, createdAt: 0, retiredAt: null },
      ])?.id,
    ).toBe(3);
  });

  test("the next id is greater, up to 2^31-1", () => {
    expect(nextPrekeyId({ id: 1 })).toBe(2);
    expect(() => nextPrekeyId({ id: 2 ** 31 - 1 })).toThrow();
  });
});

describe("pinned peer keys", () => {
  test("order and repeats do not count as a change; an added or replaced key does", () => {
    expect(peerKeysChanged(["b", "a"], ["a", "b", "a"])).toBe(false);
    expect(peerKeysChanged(["a"], ["a", "b"])).toBe(true);
    expect(peerKeysChanged(["a", "b"], ["a"])).toBe(true);
    expect(peerKeysChanged(["a", "b"], ["a", "c"])).toBe(true);
    expect(sortedKeys(["c", "a", "c"])).toEqual(["a", "c"]);
  });
});

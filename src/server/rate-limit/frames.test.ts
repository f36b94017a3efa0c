// The per-socket token bucket, on a clock the test moves.
import { expect, test } from "vitest";
import { TokenBucket } from "./frames";

test("a bucket lets a burst through, then refills at its rate", () => {
  let now = 0;
  const bucket = new TokenBucket(2, 3, () => now);
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  now += 500; // one token back
  expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  now += 60_000; // never more than the burst
  expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
});

// The environment variables of the request limits, spread into src/env.ts's schema. Each
// budget is per key (an account, an address, a user or a socket) and documented in .env.example.
import { z } from "zod";

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const rateLimitEnvShape = {
  // "off" only for benchmarks: every limit below is then lifted.
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  // Sign-in: wrong passwords allowed per account from one address, and per address, before each
  // further failure makes the next try wait (1 s, 2 s, 4 s … up to the maximum).
  RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: count(5),
  RATE_LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: count(30),
  RATE_LIMIT_SIGN_IN_FAILURE_WINDOW_SECONDS: count(3600),
  RATE_LIMIT_SIGN_IN_MAX_DELAY_SECONDS: count(900),
  RATE_LIMIT_REGISTRATIONS_PER_HOUR: count(5),
  RATE_LIMIT_SENDS_PER_10S: count(30),
  RATE_LIMIT_WRITES_PER_10S: count(100),
  RATE_LIMIT_QUERIES_PER_10S: count(300),
  RATE_LIMIT_KEY_CHANGES_PER_HOUR: count(20),
  RATE_LIMIT_FRAMES_PER_SECOND: count(50),
  RATE_LIMIT_FRAME_BURST: count(200),
  // At least the browser's own batches (20 calls, src/trpc/react.tsx).
  RATE_LIMIT_MAX_BATCH: z.coerce.number().int().min(20).max(1_000_000).default(100),
};

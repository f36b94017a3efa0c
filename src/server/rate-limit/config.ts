// The numbers behind every request limit, read from the environment (see .env.example).
import { env, type Env } from "@/env";

export type RateLimitConfig = {
  /** false only with RATE_LIMITS=off (benchmarks): nothing is counted or refused. */
  enabled: boolean;
  signIn: {
    /** Wrong passwords for one account from one address before delays start. */
    failuresPerAccount: number;
    /** Wrong passwords from one address, over all accounts, before delays start. */
    failuresPerAddress: number;
    /** How long a wrong password is remembered. */
    windowSeconds: number;
    /** The longest delay; each failure past the free ones doubles it up to here. */
    maxDelaySeconds: number;
  };
  registrationsPerHour: number;
  /** Per user, over 10 s: messages sent or forwarded; other mutations; queries. */
  sendsPer10s: number;
  writesPer10s: number;
  queriesPer10s: number;
  /** Per user, over an hour: secure devices registered or revoked. */
  keyChangesPerHour: number;
  /** Per WebSocket: a token bucket of frames. */
  frames: { perSecond: number; burst: number };
  /** The most calls one HTTP batch may carry. */
  maxBatch: number;
};

export function rateLimitConfigFromEnv(source: Env = env()): RateLimitConfig {
  return {
    enabled: source.RATE_LIMITS === "on",
    signIn: {
      failuresPerAccount: source.RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT,
      failuresPerAddress: source.RATE_LIMIT_SIGN_IN_FAILURES_PER_ADDRESS,
      windowSeconds: source.RATE_LIMIT_SIGN_IN_FAILURE_WINDOW_SECONDS,
      maxDelaySeconds: source.RATE_LIMIT_SIGN_IN_MAX_DELAY_SECONDS,
    },
    registrationsPerHour: source.RATE_LIMIT_REGISTRATIONS_PER_HOUR,
    sendsPer10s: source.RATE_LIMIT_SENDS_PER_10S,
    writesPer10s: source.RATE_LIMIT_WRITES_PER_10S,
    queriesPer10s: source.RATE_LIMIT_QUERIES_PER_10S,
    keyChangesPerHour: source.RATE_LIMIT_KEY_CHANGES_PER_HOUR,
    frames: { perSecond: source.RATE_LIMIT_FRAMES_PER_SECOND, burst: source.RATE_LIMIT_FRAME_BURST },
    maxBatch: source.RATE_LIMIT_MAX_BATCH,
  };
}

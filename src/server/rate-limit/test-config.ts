// Limits for tests of the limits: small budgets, so that a few calls reach them.
import type { RateLimitConfig } from "./config";

export function testRateLimitConfig(overrides: Partial<RateLimitConfig> = {}): RateLimitConfig {
  return {
    enabled: true,
    signIn: { failuresPerAccount: 3, failuresPerAddress: 10, windowSeconds: 3600, maxDelaySeconds: 900 },
    registrationsPerHour: 2,
    sendsPer10s: 3,
    writesPer10s: 3,
    queriesPer10s: 5,
    keyChangesPerHour: 3,
    frames: { perSecond: 1, burst: 5 },
    maxBatch: 4,
    ...overrides,
  };
}

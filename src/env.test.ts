import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, parseEnv, vapidKeys } from "./env";

const secret = "x".repeat(32);

describe("environment", () => {
  test("defaults give a runnable development setup", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "relay-env-"));
    const env = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("0.0.0.0");
    expect(env.DATABASE_URL).toBeUndefined();
    // The development secret is generated once and kept, so sessions survive a restart.
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDir, "auth-secret"), "utf8")).toBe(env.AUTH_SECRET);
    expect(parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir }).AUTH_SECRET).toBe(env.AUTH_SECRET);
  });

  test("a bad variable stops the start with its name in the message", () => {
    expect(() => parseEnv({ PORT: "eighty", AUTH_SECRET: secret })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "eighty", AUTH_SECRET: secret })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: secret })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  test("production refuses to start without AUTH_SECRET", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET: required in production/);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret }).AUTH_SECRET).toBe(secret);
  });

  test("an empty DATABASE_URL means the embedded database", () => {
    expect(parseEnv({ DATABASE_URL: "", AUTH_SECRET: secret }).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: secret }).DATABASE_URL).toBe("postgres://u@h/db");
  });

  test("an admin account is configured with both its username and its password, or not at all", () => {
    expect(parseEnv({ AUTH_SECRET: secret }).ADMIN_USERNAME).toBeUndefined();
    const both = parseEnv({ AUTH_SECRET: secret, ADMIN_USERNAME: "root_admin", ADMIN_PASSWORD: "long enough" });
    expect([both.ADMIN_USERNAME, both.ADMIN_PASSWORD]).toEqual(["root_admin", "long enough"]);
    expect(() => parseEnv({ AUTH_SECRET: secret, ADMIN_USERNAME: "root_admin" })).toThrow(/set both, or neither/);
    expect(() => parseEnv({ AUTH_SECRET: secret, ADMIN_PASSWORD: "long enough" })).toThrow(/set both, or neither/);
    expect(() => parseEnv({ AUTH_SECRET: secret, ADMIN_USERNAME: "root_admin", ADMIN_PASSWORD: "short" })).toThrow(
      /ADMIN_PASSWORD/,
    );
  });

  test("one process by default; several workers need PostgreSQL and Redis, and say so at start", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: secret };
    const shared = { DATABASE_URL: "postgres://relay@db/relay", REDIS_URL: "redis://cache:6379" };
    expect(parseEnv(production).WEB_CONCURRENCY).toBe(1);
    expect(parseEnv({ ...production, WEB_CONCURRENCY: "" }).WEB_CONCURRENCY).toBe(1);
    expect(parseEnv({ ...production, ...shared, WEB_CONCURRENCY: "4" }).WEB_CONCURRENCY).toBe(4);
    // One worker needs nothing more than today's single process.
    expect(parseEnv({ ...production, WEB_CONCURRENCY: "1" }).WEB_CONCURRENCY).toBe(1);

    expect(() => parseEnv({ ...production, DATABASE_URL: shared.DATABASE_URL, WEB_CONCURRENCY: "2" })).toThrow(
      "Invalid environment configuration:\n  REDIS_URL: required with WEB_CONCURRENCY=2 (workers share live events and request limits through Redis)",
    );
    expect(() => parseEnv({ ...production, REDIS_URL: shared.REDIS_URL, WEB_CONCURRENCY: "2" })).toThrow(
      /DATABASE_URL: required with WEB_CONCURRENCY=2 \(the embedded database serves one process/,
    );
    const both = () => parseEnv({ ...production, WEB_CONCURRENCY: "3" });
    expect(both).toThrow(EnvError);
    expect(both).toThrow(/DATABASE_URL: required with WEB_CONCURRENCY=3[^]*\n  REDIS_URL: required with WEB_CONCURRENCY=3/);
    expect(() => parseEnv({ AUTH_SECRET: secret, ...shared, WEB_CONCURRENCY: "2" })).toThrow(/WEB_CONCURRENCY: above 1 only for the built app/);
    expect(() => parseEnv({ ...production, ...shared, WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ ...production, ...shared, WEB_CONCURRENCY: "two" })).toThrow(/WEB_CONCURRENCY/);
  });

  test("calls ring for 45 s and wait 20 s for a dropped party by default; ICE servers are a JSON array", () => {
    const defaults = parseEnv({ AUTH_SECRET: secret });
    expect([defaults.CALL_RING_SECONDS, defaults.CALL_GRACE_SECONDS, defaults.ICE_SERVERS]).toEqual([45, 20, []]);
    const turn = [{ urls: ["turn:turn.example.com:3478"], username: "relay", credential: "s3cret" }];
    expect(parseEnv({ AUTH_SECRET: secret, ICE_SERVERS: JSON.stringify(turn), CALL_RING_SECONDS: "8" })).toMatchObject({
      ICE_SERVERS: turn,
      CALL_RING_SECONDS: 8,
    });
    expect(() => parseEnv({ AUTH_SECRET: secret, ICE_SERVERS: "stun:stun.example.com" })).toThrow(/ICE_SERVERS: must be a JSON array/);
    expect(() => parseEnv({ AUTH_SECRET: secret, ICE_SERVERS: '[{"url":"stun:x"}]' })).toThrow(/ICE_SERVERS/);
    expect(() => parseEnv({ AUTH_SECRET: secret, CALL_RING_SECONDS: "0" })).toThrow(/CALL_RING_SECONDS/);
  });

  test("Web Push keys: configured as a pair, or generated once into DATA_DIR and kept", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "relay-env-"));
    const generated = vapidKeys(parseEnv({ AUTH_SECRET: secret, DATA_DIR: dataDir }));
    expect(Buffer.from(generated.publicKey, "base64url")).toHaveLength(65);
    expect(Buffer.from(generated.privateKey, "base64url")).toHaveLength(32);
    expect(generated.subject).toBe("mailto:relay@localhost");
    expect(vapidKeys(parseEnv({ AUTH_SECRET: secret, DATA_DIR: dataDir }))).toEqual(generated);

    const configured = { VAPID_PUBLIC_KEY: generated.publicKey, VAPID_PRIVATE_KEY: generated.privateKey };
    const elsewhere = mkdtempSync(path.join(tmpdir(), "relay-env-"));
    expect(vapidKeys(parseEnv({ AUTH_SECRET: secret, DATA_DIR: elsewhere, ...configured, VAPID_SUBJECT: "mailto:ops@example.com" }))).toEqual({
      ...generated,
      subject: "mailto:ops@example.com",
    });
    expect(vapidKeys(parseEnv({ AUTH_SECRET: secret, DATA_DIR: elsewhere, ...configured, AUTH_URL: "https://chat.example.com/app" })).subject).toBe(
      "https://chat.example.com",
    );
    expect(() => parseEnv({ AUTH_SECRET: secret, VAPID_PUBLIC_KEY: generated.publicKey })).toThrow(/VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both/);
    expect(() => parseEnv({ AUTH_SECRET: secret, ...configured, VAPID_PRIVATE_KEY: "short" })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => parseEnv({ AUTH_SECRET: secret, VAPID_SUBJECT: "ops@example.com" })).toThrow(/VAPID_SUBJECT/);
  });
});

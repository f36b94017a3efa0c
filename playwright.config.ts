import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Browser journeys run against the production build (`npm run build` first) on a fresh
// embedded database, in Debian's Chromium (Playwright's own browser download is not used).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // One more try in CI: a journey that passes only on its retry is still reported as flaky
  // in the list, and a real break fails both tries.
  retries: process.env.CI ? 1 : 0,
  // Generous: the journeys share one server whose database grows through the run, and the
  // longest (three people, pins and a forward) took 50 s of a 60 s budget on a loaded CI machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Calls and voice notes: a generated camera picture and microphone tone, no prompt.
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /mobile\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"], channel: undefined }, testMatch: /mobile\.spec\.ts/ },
  ],
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "relay-e2e-")),
      DATABASE_URL: "",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
      // The support journey signs in as the first admin.
      ADMIN_USERNAME: "relay_admin",
      ADMIN_PASSWORD: "e2e-admin-password",
      // The missed-call journey waits out the ring time.
      CALL_RING_SECONDS: "8",
      // The scheduled-message journey schedules seconds ahead, not minutes.
      SCHEDULED_MIN_LEAD_SECONDS: "3",
      SCHEDULED_TICK_MS: "500",
      // The disappearing-message journey waits for its message to go.
      MESSAGE_EXPIRY_TICK_MS: "500",
      // Limits on, as in production, but every journey registers and signs in from 127.0.0.1:
      // a budget per address that many people can share, counted in this server's memory
      // (not in a Redis that earlier runs have counted in too).
      RATE_LIMITS: "on",
      REDIS_URL: "",
      RATE_LIMIT_REGISTRATIONS_PER_HOUR: "10000",
      RATE_LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: "1000",
      // The long-history journey sends thousands of messages through the API to set itself up.
      RATE_LIMIT_SENDS_PER_10S: "100000",
    },
  },
});

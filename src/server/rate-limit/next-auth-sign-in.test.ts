// The browser's sign-in (next-auth's credentials callback, as Next routes it) counts wrong
// passwords by the address the custom server stamped, like auth.login does.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { createRateLimits } from "./limits";
import { testRateLimitConfig } from "./test-config";

// The process-wide database and limits that next-auth's authorize() reads, set to this test's.
const databaseKey = Symbol.for("relay.database");
const limitsKey = Symbol.for("relay.rateLimits");
const holder = globalThis as Record<symbol, unknown>;

let world: TestWorld;
let handlers: typeof import("@/server/auth/config").handlers;

beforeAll(async () => {
  world = await createTestWorld();
  holder[databaseKey] = world.database;
  holder[limitsKey] = createRateLimits({ config: testRateLimitConfig() });
  ({ handlers } = await import("@/server/auth/config"));
});
afterAll(async () => {
  delete holder[databaseKey];
  delete holder[limitsKey];
  await world?.close();
});

/** Signs in as the browser does (CSRF token first); the sentence the form would show, or null on success. */
async function browserSignIn(username: string, password: string, address: string): Promise<string | null> {
  const csrf = await handlers.GET(new NextRequest("http://relay.local/api/auth/csrf"));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const response = await handlers.POST(
    new NextRequest("http://relay.local/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-auth-return-redirect": "1",
        [CLIENT_ADDRESS_HEADER]: address,
        cookie,
      },
      body: new URLSearchParams({ csrfToken, username, password }),
    }),
  );
  const { url } = (await response.json()) as { url: string };
  const params = new URL(url).searchParams;
  return params.get("error") ? (params.get("code") ?? params.get("error")) : null;
}

test("after the free wrong passwords the browser is told to wait, even with the right password", async () => {
  const { user } = await world.signUp({ password: "right-password" });
  for (let i = 0; i < 4; i++) expect(await browserSignIn(user.username, "wrong-password", "198.51.100.20")).toBe("credentials");
  expect(await browserSignIn(user.username, "right-password", "198.51.100.20")).toMatch(
    /^Too many sign-in attempts — try again in \d+ s$/,
  );
  expect(await browserSignIn(user.username, "right-password", "198.51.100.21")).toBeNull();
});

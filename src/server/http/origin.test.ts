// Which requests may act with the session cookie: the app's own pages (AUTH_URL, or the Host the
// request was sent to), the front-ends in ALLOWED_ORIGINS, and clients that send a token.
import { describe, expect, test } from "vitest";
import { parseEnv } from "@/env";
import { SESSION_COOKIE } from "@/server/auth/token";
import { isCrossSiteCookieRequest, isTrustedOrigin, type OriginPolicy } from "./origin";

const local: OriginPolicy = { appOrigin: null, allowedOrigins: [] };
const hosted: OriginPolicy = { appOrigin: "https://chat.example.com", allowedOrigins: ["https://app.example.com"] };
const cookie = `theme=dark; ${SESSION_COOKIE}=token-value`;

describe("isTrustedOrigin", () => {
  test("without AUTH_URL, a page is ours when its origin names the host the request went to", () => {
    expect(isTrustedOrigin({ origin: "http://127.0.0.1:4200", host: "127.0.0.1:4200" }, local)).toBe(true);
    expect(isTrustedOrigin({ origin: "http://LOCALHOST:3000", host: "localhost:3000" }, local)).toBe(true);
    // Another port of the same host is the same site (the cookie goes along) but another origin.
    expect(isTrustedOrigin({ origin: "http://127.0.0.1:4201", host: "127.0.0.1:4200" }, local)).toBe(false);
    expect(isTrustedOrigin({ origin: "http://evil.example", host: "127.0.0.1:4200" }, local)).toBe(false);
  });

  test("with AUTH_URL, its origin and ALLOWED_ORIGINS are trusted, whatever the Host", () => {
    expect(isTrustedOrigin({ origin: "https://chat.example.com", host: "relay:3000" }, hosted)).toBe(true);
    expect(isTrustedOrigin({ origin: "https://app.example.com", host: "relay:3000" }, hosted)).toBe(true);
    expect(isTrustedOrigin({ origin: "http://chat.example.com", host: "chat.example.com" }, hosted)).toBe(false);
    expect(isTrustedOrigin({ origin: "https://evil.example.com", host: "evil.example.com" }, hosted)).toBe(false);
  });

  test("an opaque or malformed origin is never ours", () => {
    expect(isTrustedOrigin({ origin: "null", host: "127.0.0.1:4200" }, local)).toBe(false);
    expect(isTrustedOrigin({ origin: "not a url", host: "127.0.0.1:4200" }, local)).toBe(false);
  });

  test("without Origin, Sec-Fetch-Site decides; without either it is a non-browser client", () => {
    expect(isTrustedOrigin({ host: "127.0.0.1:4200" }, local)).toBe(true);
    expect(isTrustedOrigin({ host: "127.0.0.1:4200", "sec-fetch-site": "same-origin" }, local)).toBe(true);
    expect(isTrustedOrigin({ host: "127.0.0.1:4200", "sec-fetch-site": "none" }, local)).toBe(true);
    expect(isTrustedOrigin({ host: "127.0.0.1:4200", "sec-fetch-site": "same-site" }, local)).toBe(false);
    expect(isTrustedOrigin({ host: "127.0.0.1:4200", "sec-fetch-site": "cross-site" }, local)).toBe(false);
  });
});

describe("isCrossSiteCookieRequest", () => {
  const foreign = { origin: "http://127.0.0.1:4201", host: "127.0.0.1:4200" };

  test("the session cookie from a foreign page is refused", () => {
    expect(isCrossSiteCookieRequest({ ...foreign, cookie }, local)).toBe(true);
  });

  test("a Bearer token, no cookie at all, or our own page is fine", () => {
    expect(isCrossSiteCookieRequest({ ...foreign, cookie, authorization: "Bearer abc" }, local)).toBe(false);
    expect(isCrossSiteCookieRequest({ ...foreign, cookie: "theme=dark" }, local)).toBe(false);
    expect(isCrossSiteCookieRequest(foreign, local)).toBe(false);
    expect(isCrossSiteCookieRequest({ origin: "http://127.0.0.1:4200", host: "127.0.0.1:4200", cookie }, local)).toBe(false);
  });
});

describe("ALLOWED_ORIGINS", () => {
  const secret = "x".repeat(32);

  test("comma-separated origins, normalised", () => {
    const env = parseEnv({ AUTH_SECRET: secret, ALLOWED_ORIGINS: " https://App.Example.com/ ,http://localhost:5173" });
    expect(env.ALLOWED_ORIGINS).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(parseEnv({ AUTH_SECRET: secret }).ALLOWED_ORIGINS).toEqual([]);
    expect(parseEnv({ AUTH_SECRET: secret, ALLOWED_ORIGINS: "" }).ALLOWED_ORIGINS).toEqual([]);
  });

  test("anything but an http(s) origin stops the start with the variable's name", () => {
    for (const bad of ["app.example.com", "https://app.example.com/path", "ftp://files.example.com", "https://a.example.com?x=1"]) {
      expect(() => parseEnv({ AUTH_SECRET: secret, ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS/);
    }
  });
});

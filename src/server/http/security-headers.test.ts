// The page policy Relay ships: Next's nonce for scripts, no eval outside development, media and
// previews from blob:, the live socket on this host, and nobody framing the page.
import { describe, expect, test } from "vitest";
import { commonSecurityHeaders, pageContentSecurityPolicy } from "./security-headers";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((part) => [part.split(" ")[0]!, part.split(" ").slice(1)] as const));

describe("pageContentSecurityPolicy", () => {
  test("production: nonce and strict-dynamic, no eval, no framing", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "abc123", dev: false, appOrigin: null, host: "127.0.0.1:4200" }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("connect-src")).toEqual(["'self'", "ws://127.0.0.1:4200"]);
    expect(policy.get("media-src")).toContain("blob:");
    expect(policy.get("img-src")).toEqual(["'self'", "blob:", "data:"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  test("development allows eval for React's debugging", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "n", dev: true, appOrigin: null, host: "localhost:3000" }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
  });

  test("behind https (AUTH_URL) the socket is wss: on the public host and requests upgrade", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "n", dev: false, appOrigin: "https://chat.example.com", host: "relay:3000" }));
    expect(policy.get("connect-src")).toEqual(["'self'", "wss://chat.example.com"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  test("a Host header that could smuggle a directive is left out", () => {
    const policy = pageContentSecurityPolicy({ nonce: "n", dev: false, appOrigin: null, host: "x; script-src *" });
    expect(directives(policy).get("connect-src")).toEqual(["'self'"]);
    expect(policy).not.toContain("*");
  });
});

describe("commonSecurityHeaders", () => {
  test("nosniff, no framing, a referrer policy, camera and microphone for this site only", () => {
    const headers = commonSecurityHeaders({ https: false });
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin" });
    expect(headers["permissions-policy"]).toContain("camera=(self)");
    expect(headers["permissions-policy"]).toContain("microphone=(self)");
    expect(headers).not.toHaveProperty("strict-transport-security");
    expect(commonSecurityHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });
});

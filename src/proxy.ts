// Every page gets a Content-Security-Policy with a fresh script nonce. Next.js reads the nonce
// from the request's policy header and puts it on its own scripts; the root layout reads
// `x-nonce` for the theme script. A nonce per request means pages render dynamically.
// The other security headers come from the custom server (src/server/app.ts), on every response.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/env";
import { pageContentSecurityPolicy } from "@/server/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const { AUTH_URL, NODE_ENV } = env();
  const policy = pageContentSecurityPolicy({
    nonce,
    dev: NODE_ENV !== "production",
    appOrigin: AUTH_URL ? new URL(AUTH_URL).origin : null,
    host: request.headers.get("host"),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API (JSON, next-auth), static files, or prefetches (no document).
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|stickers/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

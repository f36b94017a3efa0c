// Which pages may act with the browser's session cookie. A browser attaches the cookie to any
// request for this host, whichever page makes it (SameSite=Lax lets a page on another port of
// the same host, or a sibling subdomain, send it too), so a cookie alone proves nothing about who
// is asking. A request that authenticates with the cookie must come from the app's own origin
// (AUTH_URL; without it, the origin the request was sent to, i.e. its Host) or from one listed
// in ALLOWED_ORIGINS. Tokens sent on purpose (Bearer, WebSocket connection params, ?token=) need
// no such check: a page cannot make a browser send someone else's.
import type { IncomingHttpHeaders } from "node:http";
import { env } from "@/env";
import { tokenFromAuthorizationHeader, tokenFromCookieHeader } from "@/server/auth/token";

export type OriginPolicy = {
  /** The app's public origin (from AUTH_URL), or null: then it is the request's own Host. */
  appOrigin: string | null;
  /** Further origins whose pages are trusted with the cookie (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
};

type Headers = Pick<IncomingHttpHeaders, "origin" | "host" | "sec-fetch-site" | "authorization" | "cookie">;

export function originPolicyFromEnv(): OriginPolicy {
  const { AUTH_URL, ALLOWED_ORIGINS } = env();
  return { appOrigin: AUTH_URL ? new URL(AUTH_URL).origin : null, allowedOrigins: ALLOWED_ORIGINS };
}

/**
 * Whether the request comes from a page we trust. Browsers send `Origin` on every WebSocket
 * handshake, every POST and every cross-origin fetch; without it the request is a same-origin
 * GET, a navigation or a non-browser client, which we trust unless `Sec-Fetch-Site` (sent by
 * current browsers on everything) says another site or a sibling origin made it.
 */
export function isTrustedOrigin(headers: Headers, policy: OriginPolicy): boolean {
  const origin = headers.origin;
  if (origin === undefined) {
    const site = headers["sec-fetch-site"];
    return site !== "cross-site" && site !== "same-site";
  }
  // "null": sandboxed frames, file: pages, redirects across origins; never ours.
  if (origin === "null" || !URL.canParse(origin)) return false;
  const { origin: normalized, host } = new URL(origin);
  if (policy.allowedOrigins.includes(normalized)) return true;
  if (policy.appOrigin) return normalized === policy.appOrigin;
  return host === headers.host?.toLowerCase();
}

/**
 * True when an HTTP request would act as the cookie's owner for a page we do not trust: no
 * Bearer token (which wins over the cookie, and which a page cannot make a browser forge), a
 * session cookie, and a foreign origin.
 */
export function isCrossSiteCookieRequest(headers: Headers, policy: OriginPolicy): boolean {
  if (tokenFromAuthorizationHeader(headers.authorization)) return false;
  if (!tokenFromCookieHeader(headers.cookie)) return false;
  return !isTrustedOrigin(headers, policy);
}

export const CROSS_SITE_REFUSAL =
  "Requests from other sites cannot use the session cookie; send an API token (Authorization: Bearer) instead.";

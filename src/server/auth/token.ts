// One token format for every transport: the next-auth session JWT (encrypted with AUTH_SECRET,
// salted with the session cookie's name). The browser carries it as a cookie, API clients as
// `Authorization: Bearer`, WebSocket clients in connection params, `?token=` or the cookie.
import { decode, encode } from "next-auth/jwt";
import { env } from "@/env";

export const SESSION_COOKIE = "relay.session-token";
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type TokenClaims = { sub: string; sid: string };

export function issueToken(claims: TokenClaims): Promise<string> {
  return encode({
    token: claims,
    secret: env().AUTH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

// Decoding derives the token's key (HKDF) and decrypts it: the largest cost of an HTTP call
// after its queries. A valid token decodes to the same claims until it expires, so recent ones
// are remembered for a minute (revocation is the session row's: see session-lookups.ts).
const DECODED_FOR_MS = 60_000;
const DECODED_MAX = 10_000;
const decoded = new Map<string, { claims: TokenClaims; until: number }>();

/** The claims of a valid, unexpired token; null for anything else. */
export async function readToken(token: string): Promise<TokenClaims | null> {
  const known = decoded.get(token);
  if (known && known.until > Date.now()) return known.claims;
  decoded.delete(token);
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: SESSION_COOKIE });
    if (typeof payload?.sub !== "string" || typeof payload.sid !== "string") return null;
    const claims = { sub: payload.sub, sid: payload.sid };
    const expires = typeof payload.exp === "number" ? payload.exp * 1000 : Date.now();
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { claims, until: Math.min(Date.now() + DECODED_FOR_MS, expires) });
    return claims;
  } catch {
    return null;
  }
}

/** The session token from a Cookie header, if present. */
export function tokenFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function tokenFromAuthorizationHeader(header: string | undefined | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

/** An HTTP request's token: `Authorization: Bearer` first (API clients), else the session cookie (browsers). */
export function tokenFromHttpHeaders(headers: { authorization?: string; cookie?: string }): string | null {
  return tokenFromAuthorizationHeader(headers.authorization) ?? tokenFromCookieHeader(headers.cookie);
}

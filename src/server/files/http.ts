// Small HTTP pieces shared by the file routes: who is asking, JSON errors, byte ranges.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Database } from "@/server/db";
import { tokenFromHttpHeaders } from "@/server/auth/token";
import { authenticate, type SessionUser } from "@/server/services/accounts/users";

/** The signed-in caller (Bearer token or session cookie, as for /api/trpc), or null. */
export function authenticateHeaders(db: Database, headers: Pick<IncomingHttpHeaders, "authorization" | "cookie">): Promise<SessionUser | null> {
  return authenticate(db, tokenFromHttpHeaders(headers));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

export type RangeAnswer = { start: number; end: number } | "unsatisfiable" | null;

/**
 * One `bytes=` range of a `size`-byte file (inclusive ends), "unsatisfiable" for 416, or null to
 * send the whole file: no header, a malformed one, or several ranges (allowed by RFC 9110).
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return null;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** If-None-Match: `*`, or a list of (possibly weak) entity tags one of which is `etag`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

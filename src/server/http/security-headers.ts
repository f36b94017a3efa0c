// The security headers of every response, in one place: the custom server sets the common ones
// on everything it answers (pages, API, files) and a data-only policy on the API; src/proxy.ts
// sets each page's Content-Security-Policy, whose script nonce Next.js applies to its own scripts.
import type { ServerResponse } from "node:http";

/** Camera and microphone for calls and voice notes, on Relay's own pages only; nothing else. */
const PERMISSIONS_POLICY = "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()";

/** For responses that are data, never a page: nothing loads, nothing frames them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function commonSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    // frame-ancestors says the same to current browsers; this is for the ones without CSP 3.
    "x-frame-options": "DENY",
    // Chat and file ids stay on Relay: links opened from messages learn nothing about where from.
    "referrer-policy": "same-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    // Only when served over https (AUTH_URL): on plain http it would be ignored, or lock out a LAN setup.
    ...(options.https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

export function setCommonSecurityHeaders(res: ServerResponse, options: { https: boolean }): void {
  for (const [name, value] of Object.entries(commonSecurityHeaders(options))) res.setHeader(name, value);
}

/** A Host header fit to name in a policy (a hostname or IP literal, and a port); null for anything else. */
function safeHost(host: string | null | undefined): string | null {
  if (!host) return null;
  return /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host) ? host.toLowerCase() : null;
}

export type PagePolicyOptions = {
  nonce: string;
  /** Development: React's debugging needs eval, and the dev overlay injects unnonced styles. */
  dev: boolean;
  /** The app's public origin (AUTH_URL), or null: then the page's own Host. */
  appOrigin: string | null;
  host: string | null;
};

/**
 * A page's Content-Security-Policy. Scripts run only with this request's nonce (and what those
 * load: 'strict-dynamic'); images and media also from blob: (previews, recordings) and data:;
 * the live socket on this host; no plugins, no other base, forms post here, nobody frames it.
 */
export function pageContentSecurityPolicy({ nonce, dev, appOrigin, host }: PagePolicyOptions): string {
  const https = appOrigin?.startsWith("https:") ?? false;
  const socketHost = appOrigin ? new URL(appOrigin).host : safeHost(host);
  // 'self' covers ws(s): of the same host in CSP 3; older engines need it named.
  const socket = socketHost ? ` ${https ? "wss" : "ws"}://${socketHost}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Server-rendered style attributes (progress bars, image sizes); they cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    `connect-src 'self'${socket}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

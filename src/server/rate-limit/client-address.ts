// The client's address, for the limits keyed by address: the socket's peer, or with
// TRUST_PROXY=N the address N hops back in X-Forwarded-For (each proxy appends the peer it saw).
import type { IncomingMessage } from "node:http";

/** Set by the custom server on requests it hands to Next, so next-auth's sign-in can read it. */
export const CLIENT_ADDRESS_HEADER = "x-relay-client-address";

export function clientAddress(req: IncomingMessage, trustedProxies: number): string | null {
  const peer = req.socket.remoteAddress ?? null;
  if (trustedProxies === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  // Hops a client wrote itself sit to the left of those the trusted proxies appended.
  return hops[hops.length - trustedProxies] ?? hops[0] ?? peer;
}

/** Overwrites whatever the client sent in the header with the address the server determined. */
export function stampClientAddress(req: IncomingMessage, trustedProxies: number): void {
  const address = clientAddress(req, trustedProxies);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
}

/** The address the custom server stamped on a request (a Fetch API Request inside Next). */
export function stampedAddress(request: Request | undefined): string | null {
  return request?.headers.get(CLIENT_ADDRESS_HEADER) ?? null;
}

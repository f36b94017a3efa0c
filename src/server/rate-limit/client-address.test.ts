// Whose address a request is counted against: the socket's peer, unless proxies are trusted.
import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, stampClientAddress, stampedAddress } from "./client-address";

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  } as unknown as IncomingMessage;
}

describe("clientAddress", () => {
  test("without trusted proxies X-Forwarded-For is ignored (a client could write anything there)", () => {
    expect(clientAddress(request("203.0.113.9", "198.51.100.1"), 0)).toBe("203.0.113.9");
  });

  test("behind N trusted proxies it is the address N hops back", () => {
    expect(clientAddress(request("10.0.0.2", "198.51.100.1"), 1)).toBe("198.51.100.1");
    // The client wrote a fake first hop; the proxy appended the real one.
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 198.51.100.1"), 1)).toBe("198.51.100.1");
    expect(clientAddress(request("10.0.0.3", "1.2.3.4, 198.51.100.1, 10.0.0.2"), 2)).toBe("198.51.100.1");
  });

  test("with no header behind a trusted proxy it is the peer", () => {
    expect(clientAddress(request("10.0.0.2"), 1)).toBe("10.0.0.2");
  });
});

test("the stamp for Next replaces whatever the client sent, and reads back from a Fetch request", () => {
  const req = request("203.0.113.9");
  req.headers[CLIENT_ADDRESS_HEADER] = "6.6.6.6";
  stampClientAddress(req, 0);
  expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
  const fetchRequest = new Request("http://relay.local/api/auth/callback/credentials", {
    headers: { [CLIENT_ADDRESS_HEADER]: String(req.headers[CLIENT_ADDRESS_HEADER]) },
  });
  expect(stampedAddress(fetchRequest)).toBe("203.0.113.9");
});

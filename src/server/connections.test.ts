// The registry of open sockets: a socket still being checked when its session is signed out
// must learn of it afterwards (it missed the close), without disturbing the user's other sessions.
import { describe, expect, test } from "vitest";
import { CloseCode, ConnectionRegistry } from "./connections";

describe("ConnectionRegistry.closedSince", () => {
  test("tells a socket checked across its session's sign-out, and only that session's", () => {
    const registry = new ConnectionRegistry();
    const mark = registry.mark();
    registry.closeSession("session-a", CloseCode.sessionRevoked, "Signed out");
    expect(registry.closedSince("user-1", mark, "session-a")).toBe(true);
    expect(registry.closedSince("user-1", mark, "session-b")).toBe(false);
    expect(registry.closedSince("user-1", registry.mark(), "session-a")).toBe(false);
  });

  test("a closing of the whole user still counts for each of their sessions", () => {
    const registry = new ConnectionRegistry();
    const mark = registry.mark();
    registry.closeUser("user-1", CloseCode.banned, "Banned");
    expect(registry.closedSince("user-1", mark, "session-a")).toBe(true);
    expect(registry.closedSince("user-1", mark)).toBe(true);
  });
});

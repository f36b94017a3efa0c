// Letting an authenticated WebSocket in, the same way for every live protocol (tRPC at /ws and
// the plain JSON socket at /ws/plain): the token is checked (a ban is told as such), a close
// decided while it was being checked is not missed, and the socket then counts in the registry
// (for closes and the admin's count), in presence and for the calls its user is in.
import type { WebSocket } from "ws";
import type { ConnectionRegistry } from "@/server/connections";
import { CloseCode } from "@/lib/close-codes";
import type { ServiceDeps } from "@/server/services/deps";
import { partyConnected, partyDisconnected } from "@/server/services/calls/faults";
import { authenticate, banOfToken, bannedCloseReason, type SessionUser } from "@/server/services/accounts/users";
import { log } from "./log";

/** Why a socket was not let in (it is closed by then, with the matching close code). */
export type Refusal = { code: "UNAUTHORIZED" | "CLIENT_CLOSED_REQUEST"; message: string };
export type Admission = { user: SessionUser; refusal?: never } | { user?: never; refusal: Refusal };

type AdmissionDeps = {
  deps: ServiceDeps;
  connections: ConnectionRegistry;
  /** Records this instance's sockets of a user in the presence all instances share. */
  syncPresence: (userId: string) => Promise<unknown>;
};

export function liveAdmission({ deps, connections, syncPresence }: AdmissionDeps) {
  /** Online from the first open connection (to any instance) until the last one closes. */
  function trackPresence(userId: string, socket: WebSocket): Promise<unknown> {
    const sync = () => syncPresence(userId).catch((error) => log.warn("Could not record presence", error));
    // Registered after the registry's own close listener, so the registry is already updated.
    socket.once("close", () => void sync());
    return sync();
  }

  return async function admit(socket: WebSocket, token: string): Promise<Admission> {
    const mark = connections.mark();
    const user = await authenticate(deps.db, token);
    if (!user) {
      // A banned person's client learns why, and stops reconnecting.
      const ban = await banOfToken(deps.db, token);
      if (ban) {
        socket.close(CloseCode.banned, bannedCloseReason(ban.reason));
        return { refusal: { code: "UNAUTHORIZED", message: bannedCloseReason(ban.reason) } };
      }
      socket.close(CloseCode.invalidToken, "Invalid token");
      return { refusal: { code: "UNAUTHORIZED", message: "Your session has ended; sign in again" } };
    }
    // The client may have left while we checked its token: a closed socket is never live.
    if (socket.readyState !== socket.OPEN) return { refusal: { code: "CLIENT_CLOSED_REQUEST", message: "The connection closed" } };
    if (connections.closedSince(user.id, mark, user.sessionId)) {
      // Closed by an admin while its token was being checked: it reconnects and is checked again.
      socket.close(CloseCode.disconnectedByAdmin, "Reconnect");
      return { refusal: { code: "UNAUTHORIZED", message: "Your session changed; reconnect" } };
    }
    connections.add(user.id, socket, user.sessionId);
    const counted = trackPresence(user.id, socket);
    partyConnected(deps, user.id);
    socket.once("close", () => partyDisconnected(deps, user.id));
    // Counted and online before the connection serves: a client whose stream has started
    // (an admin's dashboard among them) reads itself as connected.
    await counted;
    return { user };
  };
}

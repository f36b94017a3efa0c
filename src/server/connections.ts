// Who is connected: the open WebSockets of each user and of each session. Used to close
// sockets with a reason (shutdown, ban, admin disconnect, a signed-out session) and to count
// live connections.
import type { WebSocket } from "ws";

export { CloseCode } from "@/lib/close-codes";

export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  /** How many times closeUser or closeSession ran, and the count at each user's latest. */
  private closings = 0;
  private readonly lastClosing = new Map<string, number>();
  private readonly bySession = new Map<string, Set<WebSocket>>();
  /** Like lastClosing, per session; only the latest few matter (see closedSince). */
  private readonly lastSessionClosing = new Map<string, number>();

  /** Registers an open socket of `userId`, signed in with `sessionId` (if it has one). */
  add(userId: string, socket: WebSocket, sessionId?: string): void {
    track(this.byUser, userId, socket);
    if (sessionId !== undefined) track(this.bySession, sessionId, socket);
  }

  closeUser(userId: string, code: number, reason: string): number {
    this.lastClosing.set(userId, ++this.closings);
    return closeAll(this.byUser.get(userId), code, reason);
  }

  /** Closes the sockets of one session (signed out), leaving the user's other sessions connected. */
  closeSession(sessionId: string, code: number, reason: string): number {
    this.lastSessionClosing.delete(sessionId);
    this.lastSessionClosing.set(sessionId, ++this.closings);
    // A socket is checked within moments of its mark: a session closed a thousand closings
    // ago can no longer be one that a socket being checked missed.
    if (this.lastSessionClosing.size > 1000) this.lastSessionClosing.delete(this.lastSessionClosing.keys().next().value!);
    return closeAll(this.bySession.get(sessionId), code, reason);
  }

  /**
   * A socket that was still authenticating when its user's sockets were closed (a ban, a role
   * change) missed the close: take a mark before checking its token, and ask afterwards.
   */
  mark(): number {
    return this.closings;
  }

  closedSince(userId: string, mark: number, sessionId?: string): boolean {
    const sessionClosing = sessionId === undefined ? 0 : (this.lastSessionClosing.get(sessionId) ?? 0);
    return Math.max(this.lastClosing.get(userId) ?? 0, sessionClosing) > mark;
  }

  count(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** The open sockets of a user (to look at their buffers; closing goes through closeUser). */
  socketsOf(userId: string): readonly WebSocket[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }
}

function track(index: Map<string, Set<WebSocket>>, id: string, socket: WebSocket): void {
  let set = index.get(id);
  if (!set) index.set(id, (set = new Set()));
  set.add(socket);
  socket.once("close", () => {
    set.delete(socket);
    if (set.size === 0 && index.get(id) === set) index.delete(id);
  });
}

function closeAll(set: Set<WebSocket> | undefined, code: number, reason: string): number {
  const sockets = [...(set ?? [])];
  for (const socket of sockets) socket.close(code, reason);
  return sockets.length;
}

const key = Symbol.for("relay.connections");
type Holder = { [key]?: ConnectionRegistry };

export function connectionRegistry(): ConnectionRegistry {
  const holder = globalThis as Holder;
  return (holder[key] ??= new ConnectionRegistry());
}

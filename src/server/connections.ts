// Who is connected: the open WebSockets of each user and of each session. Used to close
// sockets with a reason (shutdown, ban, admin disconnect, a signed-out session) and to count
// live connections. With several instances, a close decided here reaches the other instances'
// registries too (cluster/closes.ts). A close also forgets the remembered sign-ins it concerns
// (services/accounts/session-lookups.ts).
import type { WebSocket } from "ws";
import { sessionLookups } from "@/server/services/accounts/session-lookups";

export { CloseCode } from "@/lib/close-codes";

/** Every socket of a user, or of one session, closes with `code` and `reason`. */
export type Close = { kind: "user" | "session"; id: string; code: number; reason: string };

/** The other instances sharing a Redis, as a registry reaches them (cluster/closes.ts). */
export type OtherInstances = {
  /** Has them apply `close` to their sockets. */
  tell(close: Close): void;
  /** Like tell, resolving with how many sockets they closed (those that answered in time). */
  ask(close: Close): Promise<number>;
};

export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  private readonly connectedAt = new WeakMap<WebSocket, number>();
  private others: OtherInstances | null = null;
  /** How many times closeUser or closeSession ran, and the count at each user's latest. */
  private closings = 0;
  private readonly lastClosing = new Map<string, number>();
  private readonly bySession = new Map<string, Set<WebSocket>>();
  /** Like lastClosing, per session; only the latest few matter (see closedSince). */
  private readonly lastSessionClosing = new Map<string, number>();

  /** Registers an open socket of `userId`, signed in with `sessionId` (if it has one). */
  add(userId: string, socket: WebSocket, sessionId?: string): void {
    this.connectedAt.set(socket, Date.now());
    track(this.byUser, userId, socket);
    if (sessionId !== undefined) track(this.bySession, sessionId, socket);
  }

  /** From now on, every close here closes the matching sockets of the other instances too. */
  reachOthers(others: OtherInstances): void {
    this.others = others;
  }

  /** Closes a user's sockets here and on the other instances; returns how many were here. */
  closeUser(userId: string, code: number, reason: string): number {
    return this.closeEverywhere({ kind: "user", id: userId, code, reason });
  }

  /** closeUser, counting the sockets closed on every instance (for an admin to read). */
  async closeUserAndCount(userId: string, code: number, reason: string): Promise<number> {
    const close: Close = { kind: "user", id: userId, code, reason };
    const here = this.closeHere(close);
    return here + (this.others ? await this.others.ask(close) : 0);
  }

  /**
   * Closes the sockets of one session (signed out) here and on the other instances, leaving
   * the user's other sessions connected; returns how many were here.
   */
  closeSession(sessionId: string, code: number, reason: string): number {
    return this.closeEverywhere({ kind: "session", id: sessionId, code, reason });
  }

  /** Applies a close to the sockets of this instance only (one another instance decided). */
  closeHere(close: Close): number {
    // Every reason to close (a ban, a role change, a signed-out session) may have changed who
    // the token stands for: its next call, on whatever transport, reads the database again.
    sessionLookups().forget(close.kind, close.id);
    return close.kind === "user" ? this.closeUserHere(close) : this.closeSessionHere(close);
  }

  private closeEverywhere(close: Close): number {
    // Here first and at once: the caller's answer waits for nothing, and with Redis down the
    // sockets of this instance still close.
    const closed = this.closeHere(close);
    this.others?.tell(close);
    return closed;
  }

  private closeUserHere({ id: userId, code, reason }: Close): number {
    this.lastClosing.set(userId, ++this.closings);
    return closeAll(this.byUser.get(userId), code, reason);
  }

  private closeSessionHere({ id: sessionId, code, reason }: Close): number {
    this.lastSessionClosing.delete(sessionId);
    this.lastSessionClosing.set(sessionId, ++this.closings);
    // A socket is checked within moments of its mark: a session closed a thousand closings
    // ago can no longer be one that a socket being checked missed.
    if (this.lastSessionClosing.size > 1000) this.lastSessionClosing.delete(this.lastSessionClosing.keys().next().value!);
    return closeAll(this.bySession.get(sessionId), code, reason);
  }

  /**
   * A socket that was still authenticating when its user's sockets were closed (a ban, a role
   * change) missed the close: take a mark before checking its token, and ask afterwards. A
   * close from another instance counts from when it arrives here.
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

  /** How many sockets a user has open here: what presence records for this instance. */
  socketCount(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /**
   * Who is connected here: each user with when their oldest open socket connected (ms since
   * the epoch), and the sessions with open sockets. To find closes this instance missed.
   */
  connected(): { users: Map<string, number>; sessionIds: string[] } {
    const users = new Map<string, number>();
    for (const [userId, set] of this.byUser) {
      users.set(userId, Math.min(...[...set].map((socket) => this.connectedAt.get(socket) ?? 0)));
    }
    return { users, sessionIds: [...this.bySession.keys()] };
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

// Who is connected: the open WebSockets of each user. Used to close sockets with a reason
// (shutdown, ban, admin disconnect) and to count live connections.
import type { WebSocket } from "ws";

export const CloseCode = {
  noToken: 4001,
  invalidToken: 4002,
  disconnectedByAdmin: 4004,
  banned: 4005,
  serverShutdown: 4007,
  tooManyMessages: 4008,
} as const;

export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  /** How many times closeUser ran, and the count at each user's latest. */
  private closings = 0;
  private readonly lastClosing = new Map<string, number>();

  add(userId: string, socket: WebSocket): void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(socket);
    socket.once("close", () => {
      set.delete(socket);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    });
  }

  closeUser(userId: string, code: number, reason: string): number {
    this.lastClosing.set(userId, ++this.closings);
    const sockets = [...(this.byUser.get(userId) ?? [])];
    for (const socket of sockets) socket.close(code, reason);
    return sockets.length;
  }

  /**
   * A socket that was still authenticating when its user's sockets were closed (a ban, a role
   * change) missed the close: take a mark before checking its token, and ask afterwards.
   */
  mark(): number {
    return this.closings;
  }

  closedSince(userId: string, mark: number): boolean {
    return (this.lastClosing.get(userId) ?? 0) > mark;
  }

  count(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }
}

const key = Symbol.for("relay.connections");
type Holder = { [key]?: ConnectionRegistry };

export function connectionRegistry(): ConnectionRegistry {
  const holder = globalThis as Holder;
  return (holder[key] ??= new ConnectionRegistry());
}

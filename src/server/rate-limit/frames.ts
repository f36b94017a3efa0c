// Frames per WebSocket: every frame a client sends costs a token before tRPC sees it; a socket
// out of tokens is closed with 4008 (its client reconnects and resumes) and what it sent after
// that is dropped unread, so a flood from one socket cannot queue work for everyone else.
import type { WebSocket } from "ws";
import type { RateLimitConfig } from "./config";

export const TOO_MANY_MESSAGES_REASON = "Too many messages";

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Meters the 'message' events of a socket that has no listener yet. ws offers no hook before
 * its listeners run, so the socket's emit is wrapped: a frame over the budget is never emitted.
 */
export function limitFrames(socket: WebSocket, frames: RateLimitConfig["frames"], closeCode: number): void {
  const bucket = new TokenBucket(frames.perSecond, frames.burst);
  const emit = socket.emit.bind(socket);
  let closing = false;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== "message") return emit(event, ...args);
    if (closing) return false;
    if (bucket.take()) return emit(event, ...args);
    closing = true;
    socket.close(closeCode, TOO_MANY_MESSAGES_REASON);
    // A client that keeps sending instead of finishing the close handshake is cut off.
    setTimeout(() => socket.terminate(), 5_000).unref();
    return false;
  }) as WebSocket["emit"];
}

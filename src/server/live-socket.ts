// What a live stream needs of its WebSocket: how much waits in its buffers, a way to close it,
// and pings whose pongs prove the client has read everything sent before them (frames arrive
// in order, and browsers answer pings by themselves).
import type { WebSocket } from "ws";
import type { StreamSocket } from "@/server/events/stream";

/** Per socket, the callers waiting for a pong, oldest first (one per ping sent). */
const pongWaiters = new WeakMap<WebSocket, ((answered: boolean) => void)[]>();

export function streamSocket(ws: WebSocket, limitBytes: number): StreamSocket {
  return {
    bufferedBytes: () => ws.bufferedAmount,
    limitBytes,
    close: (code, reason) => ws.close(code, reason),
    ping: () =>
      new Promise<boolean>((resolve) => {
        if (ws.readyState !== ws.OPEN) return resolve(false);
        waitersOf(ws).push(resolve);
        ws.ping();
      }),
  };
}

function waitersOf(ws: WebSocket) {
  let waiters = pongWaiters.get(ws);
  if (!waiters) {
    const list: ((answered: boolean) => void)[] = [];
    pongWaiters.set(ws, (waiters = list));
    ws.on("pong", () => list.shift()?.(true));
    ws.once("close", () => {
      for (const waiter of list.splice(0)) waiter(false);
    });
  }
  return waiters;
}

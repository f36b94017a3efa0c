// What a live stream needs of its WebSocket: how much waits in its buffers, a way to close it,
// and pings whose pongs prove the client has read everything sent before them (frames arrive
// in order, and browsers answer pings by themselves).
// Each write to the network is a system call, and those are what a busy server pays most for:
// a stream holds the writes of one turn of the event loop (the net socket corked) so that its
// frames and the one ping after them leave together, in one write.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { StreamSocket } from "@/server/events/stream";

/** Past this many bytes waiting, held writes go out at once (a burst must not look like a slow client). */
const HOLD_BYTES = 16 * 1024;

type Ping = { beforeSend?: () => void; answer: (answered: boolean) => void };

type SocketState = {
  /** Per ping sent, oldest first: who waits for its pong. */
  waiting: ((answered: boolean) => void)[];
  /** Writes are held until the end of this turn of the event loop. */
  held: boolean;
  /** Pings asked for while held: one goes out for all of them, after the held frames. */
  asked: Ping[];
};

const states = new WeakMap<WebSocket, SocketState>();

/** `wire`: the network socket under `ws` (for an upgrade, the request's socket). */
export function streamSocket(ws: WebSocket, limitBytes: number, wire: Duplex): StreamSocket {
  const state = stateOf(ws);
  return {
    bufferedBytes: () => ws.bufferedAmount,
    limitBytes,
    close: (code, reason) => ws.close(code, reason),
    hold() {
      if (ws.readyState !== ws.OPEN) return;
      if (state.held) {
        if (wire.writableLength >= HOLD_BYTES) {
          wire.uncork();
          wire.cork();
        }
        return;
      }
      state.held = true;
      wire.cork();
      setImmediate(() => {
        state.held = false;
        const asked = state.asked.splice(0);
        if (asked.length > 0) ping(ws, state, asked);
        wire.uncork();
      });
    },
    ping: (beforeSend) =>
      new Promise<boolean>((answer) => {
        if (ws.readyState !== ws.OPEN) return answer(false);
        if (state.held) state.asked.push({ beforeSend, answer });
        else ping(ws, state, [{ beforeSend, answer }]);
      }),
  };
}

function ping(ws: WebSocket, state: SocketState, pings: Ping[]) {
  if (ws.readyState !== ws.OPEN) return pings.forEach((p) => p.answer(false));
  for (const p of pings) p.beforeSend?.();
  state.waiting.push((answered) => pings.forEach((p) => p.answer(answered)));
  ws.ping();
}

function stateOf(ws: WebSocket) {
  let state = states.get(ws);
  if (!state) {
    const created: SocketState = { waiting: [], held: false, asked: [] };
    states.set(ws, (state = created));
    ws.on("pong", () => created.waiting.shift()?.(true));
    ws.once("close", () => {
      for (const waiter of created.waiting.splice(0)) waiter(false);
      for (const p of created.asked.splice(0)) p.answer(false);
    });
  }
  return state;
}

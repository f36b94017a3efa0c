// The rest of a refused upload's body. An answer sent while the body is still arriving must be
// followed by reading that body: closing the socket with bytes unread makes the kernel send a
// reset, which throws away the answer if the client has not read it yet (browsers read it only
// after sending), so the person sees "network error" instead of "file too large". The body is
// read and dropped, up to a bound in bytes and in time, so no one can keep us reading forever;
// past the bound the connection is cut.
import type { IncomingMessage } from "node:http";

/** However small the limit, a body this large is still read to its end after a refusal. */
const MIN_DRAIN_BYTES = 16 * 1024 * 1024;
const MAX_DRAIN_MS = 10_000;

export function drainRefusedBody(req: IncomingMessage, allowanceBytes: number) {
  if (req.complete) return;
  let left = Math.max(allowanceBytes, MIN_DRAIN_BYTES);
  const cut = () => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(cut, MAX_DRAIN_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) cut();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/** The client waits for "100 Continue" before it sends the body. */
export const expectsContinue = (req: IncomingMessage) => /^\s*100-continue\s*$/i.test(req.headers.expect ?? "");

/**
 * Requests whose handler says "100 Continue" itself, once it has decided to read the body (the
 * server's 'checkContinue' event): everything else is continued at once.
 */
export const continuesItself = (req: IncomingMessage) =>
  req.method === "POST" && /^\/api\/files\/?(\?|$)/.test(req.url ?? "");

// How the HTTP and WebSocket server stops, so that a load balancer loses nothing and the process
// ends soon: stop accepting connections; a request already in flight finishes and its
// connection closes after the response; a new request on a kept-alive connection gets 503
// with Connection: close and Retry-After (nothing of it ran, so any client may retry it
// elsewhere); idle connections close at once; WebSocket clients are told to reconnect (4007)
// and cut off if they do not close in a moment. Without the 503, a busy keep-alive client
// would hold the drain open until its deadline.
import type { Server, ServerResponse } from "node:http";
import type { WebSocketServer } from "ws";
import { CloseCode } from "./connections";
import { log } from "./log";

/**
 * How long after the shutdown began requests in flight may still finish before their
 * connections are cut: under the process's 10 s limit, with time left to close the database.
 */
export const DRAIN_MS = 7_000;
/** How long a WebSocket client has to answer the 4007 close before it is cut off. */
export const WEBSOCKET_CLOSE_GRACE_MS = 1_000;
/** The most the work before closing sockets (ending calls) may take, even with the database down. */
const BEFORE_SOCKETS_MS = 2_000;

type ShutdownOptions = {
  server: Server;
  /** Every WebSocket server on it (tRPC's and the plain JSON socket's). */
  socketServers: WebSocketServer[];
  /** Runs after the server stops accepting and before the WebSockets are closed. */
  beforeSockets?: () => Promise<void>;
  /** Tells WebSocket clients to reconnect (tRPC's reconnect notification). */
  announce?: () => void;
};

export function createShutdown({ server, socketServers, beforeSockets, announce }: ShutdownOptions) {
  const clients = () => socketServers.flatMap((wss) => [...wss.clients]);
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  let finished: Promise<void> | null = null;

  /** False (and answered 503) once shutting down; else the response is tracked until it ends. */
  function admit(url: URL, res: ServerResponse): boolean {
    if (!stopping) {
      inFlight.add(res);
      res.once("close", () => inFlight.delete(res));
      return true;
    }
    const body = url.pathname === "/api/health" ? { status: "shutting-down" } : { error: "The server is restarting; try again in a moment" };
    res.shouldKeepAlive = false;
    res
      .writeHead(503, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "1" })
      .end(JSON.stringify(body));
    return false;
  }

  function closeAfterResponse(res: ServerResponse) {
    // Before its headers: Node answers with Connection: close and ends the socket after it.
    if (!res.headersSent) res.shouldKeepAlive = false;
    // Headers already out with keep-alive (a streamed download): once done, its connection is idle.
    else res.once("finish", () => setImmediate(() => server.closeIdleConnections()));
  }

  function terminateWebSockets() {
    for (const client of clients()) client.terminate();
  }

  async function run(): Promise<void> {
    const began = Date.now();
    // The callback waits for every connection, upgraded WebSockets included.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const res of inFlight) closeAfterResponse(res);

    await withinTime(beforeSockets?.(), BEFORE_SOCKETS_MS, "Shutdown work before closing sockets");
    announce?.();
    for (const client of clients()) client.close(CloseCode.serverShutdown, "Server shutting down");
    const cutOff = setTimeout(terminateWebSockets, WEBSOCKET_CLOSE_GRACE_MS);
    await withinTime(drained, Math.max(0, DRAIN_MS - (Date.now() - began)), "Draining connections");
    clearTimeout(cutOff);
    server.closeAllConnections();
    terminateWebSockets();
    for (const wss of socketServers) wss.close();
  }

  return {
    get stopping() {
      return stopping;
    },
    admit,
    /** Idempotent: a second call waits for the first. */
    shutdown(): Promise<void> {
      stopping = true;
      return (finished ??= run());
    },
  };
}

/** Whether `work` settled within `ms`; a failure is logged, never thrown. */
async function withinTime(work: Promise<unknown> | undefined, ms: number, what: string): Promise<boolean> {
  if (!work) return true;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    (error: unknown) => {
      log.warn(`${what} failed`, error);
      return true as const;
    },
  );
  try {
    const inTime = await Promise.race([settled, late]);
    if (!inTime) log.warn(`${what} did not finish in ${ms} ms`);
    return inTime;
  } finally {
    clearTimeout(timer);
  }
}

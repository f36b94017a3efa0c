// The HTTP and WebSocket server around the API: tRPC over HTTP at /api/trpc, tRPC over
// WebSocket at /ws, GET /api/health, file uploads and downloads (/api/files, /api/uploadthing),
// and everything else handed to Next.js (when given).
// Kept apart from index.ts so that tests can start the real server without building Next.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { DatabaseHandle } from "@/server/db";
import type { EventBus } from "@/server/events/bus";
import { appRouter } from "@/server/api/root";
import { createContextFromToken } from "@/server/api/trpc";
import { tokenFromCookieHeader, tokenFromHttpHeaders } from "@/server/auth/token";
import { endCallsForShutdown, partyConnected, partyDisconnected, superviseCalls } from "@/server/services/calls-faults";
import { syncPresence } from "@/server/services/presence";
import { authenticate, banOfToken, bannedCloseReason } from "@/server/services/users";
import { env } from "@/env";
import { clientAddress, stampClientAddress } from "@/server/rate-limit/client-address";
import { refuseEarly } from "@/server/rate-limit/early";
import { limitFrames } from "@/server/rate-limit/frames";
import { rateLimits, type RateLimits } from "@/server/rate-limit/limits";
import { retryAfterHeader } from "@/server/rate-limit/refusal";
import { CloseCode, type ConnectionRegistry } from "./connections";
import { createFileRoutes, type FileRoutesConfig, fileRoutesConfigFromEnv } from "./files/routes";
import { log } from "./log";

export type AppOptions = {
  database: DatabaseHandle;
  bus: EventBus;
  connections: ConnectionRegistry;
  /** Uploads and downloads (/api/files, /api/uploadthing); default: from the environment. */
  files?: FileRoutesConfig;
  /** Request limits; default: the process-wide ones from the environment. */
  limits?: RateLimits;
  next?: {
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  };
};

const TRPC_PREFIX = "/api/trpc";
const MAX_BODY_BYTES = 1024 * 1024;

export function createRelayServer(options: AppOptions) {
  const { database, bus, connections } = options;
  const deps = { db: database.db, bus };
  let shuttingDown = false;
  const limits = options.limits ?? rateLimits();
  const trustedProxies = env().TRUST_PROXY;
  // Calls the last process left behind get their timers back; a party's last connection
  // closing starts their grace period.
  superviseCalls(deps, (userId) => connections.isOnline(userId)).catch((error) => log.warn("Could not resume calls", error));

  const fileRoutes = createFileRoutes(database.db, () => options.files ?? fileRoutesConfigFromEnv());

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://relay.local");
    if (url.pathname === "/api/health") return health(res);
    if (fileRoutes.handle(req, res, url)) return;
    if (url.pathname === TRPC_PREFIX || url.pathname.startsWith(`${TRPC_PREFIX}/`)) {
      return void nodeHTTPRequestHandler({
        req,
        res,
        router: appRouter,
        path: url.pathname.slice(TRPC_PREFIX.length + 1),
        maxBodySize: MAX_BODY_BYTES,
        maxBatchSize: limits.config.enabled ? limits.config.maxBatch : undefined,
        responseMeta: retryAfterHeader,
        createContext: async ({ req, info }) => {
          const token = tokenFromHttpHeaders(req.headers);
          await refuseEarly(limits, token, info); // a flood past its budget costs no database lookup
          return createContextFromToken({ ...deps, connections, limits, clientAddress: clientAddress(req, trustedProxies) }, token);
        },
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") log.error(`tRPC ${path ?? "?"} failed`, error.cause ?? error);
        },
      });
    }
    if (options.next) {
      stampClientAddress(req, trustedProxies); // next-auth's sign-in limits by address
      return void options.next.handle(req, res);
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
  });

  function health(res: ServerResponse) {
    const status = shuttingDown ? 503 : 200;
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify({
        status: shuttingDown ? "shutting-down" : "ok",
        database: database.driver,
        websocket: server.listening,
        connections: connections.count(),
      }),
    );
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const wssHandler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req, res, info }) => {
      const socket = res as WebSocket;
      const params = info.connectionParams;
      const url = new URL(req.url ?? "/", "http://relay.local");
      const token =
        (typeof params?.token === "string" && params.token) ||
        url.searchParams.get("token") ||
        tokenFromCookieHeader(req.headers.cookie);
      if (!token) {
        socket.close(CloseCode.noToken, "No token");
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
      }
      const mark = connections.mark();
      const user = await authenticate(database.db, token);
      if (!user) {
        // A banned person's browser learns why, and stops reconnecting.
        const ban = await banOfToken(database.db, token);
        if (ban) {
          socket.close(CloseCode.banned, bannedCloseReason(ban.reason));
          throw new TRPCError({ code: "UNAUTHORIZED", message: bannedCloseReason(ban.reason) });
        }
        socket.close(CloseCode.invalidToken, "Invalid token");
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended; sign in again" });
      }
      // The client may have left while we checked its token: a closed socket is never live.
      if (socket.readyState !== socket.OPEN) {
        throw new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "The connection closed" });
      }
      if (connections.closedSince(user.id, mark)) {
        // Closed by an admin while its token was being checked: it reconnects and is checked again.
        socket.close(CloseCode.disconnectedByAdmin, "Reconnect");
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session changed; reconnect" });
      }
      connections.add(user.id, socket);
      trackPresence(user.id, socket);
      partyConnected(deps, user.id);
      socket.once("close", () => partyDisconnected(deps, user.id));
      return { ...deps, connections, user, limits, clientAddress: clientAddress(req, trustedProxies) };
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error(`WebSocket ${path ?? "?"} failed`, error.cause ?? error);
    },
  });

  /** Online from the first open connection until the last one closes. */
  function trackPresence(userId: string, socket: WebSocket) {
    const sync = () =>
      syncPresence(deps, userId, () => connections.isOnline(userId)).catch((error) =>
        log.warn("Could not record presence", error),
      );
    void sync();
    // Registered after the registry's own close listener, so the registry is already updated.
    socket.once("close", () => void sync());
  }

  server.on("upgrade", (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://relay.local").pathname;
    if (pathname === "/ws" && !shuttingDown) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (limits.config.enabled) limitFrames(ws, limits.config.frames, CloseCode.tooManyMessages);
        wss.emit("connection", ws, req);
      });
    } else if (options.next?.upgrade && pathname !== "/ws") {
      // Next's own sockets (the dev reload channel).
      void options.next.upgrade(req, socket, head);
    } else {
      socket.destroy();
    }
  });

  return {
    server,
    wss,
    listen(port: number, host: string): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    /** Stops accepting, tells clients to reconnect elsewhere (4007), drains and closes. */
    async shutdown(): Promise<void> {
      shuttingDown = true;
      // Answered calls end while their parties can still hear it.
      await endCallsForShutdown(deps).catch((error) => log.warn("Could not end calls at shutdown", error));
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(CloseCode.serverShutdown, "Server shutting down");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([closed, timeout]);
      server.closeAllConnections();
      wss.close();
    },
  };
}

export type RelayServer = ReturnType<typeof createRelayServer>;

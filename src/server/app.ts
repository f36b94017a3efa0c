// The HTTP and WebSocket server around the API: tRPC over HTTP at /api/trpc, tRPC over
// WebSocket at /ws, GET /api/health (readiness) and /api/health/live (liveness), file uploads
// and downloads (/api/files, /api/uploadthing), and everything else handed to Next.js (when
// given).
// Kept apart from index.ts so that tests can start the real server without building Next.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { DatabaseHandle } from "@/server/db";
import type { EventBus } from "@/server/events/bus";
import { frameEncoder } from "@/server/events/frames";
import { appRouter } from "@/server/api/root";
import { logProcedureError } from "@/server/api/failures";
import { createContextFromToken } from "@/server/api/trpc";
import { tokenFromCookieHeader, tokenFromHttpHeaders } from "@/server/auth/token";
import { env } from "@/env";
import { clientAddress, stampClientAddress } from "@/server/rate-limit/client-address";
import { refuseEarly } from "@/server/rate-limit/early";
import { limitFrames } from "@/server/rate-limit/frames";
import { rateLimits, type RateLimits } from "@/server/rate-limit/limits";
import { retryAfterHeader } from "@/server/rate-limit/refusal";
import { endCallsForShutdown, partyConnected, partyDisconnected, superviseCalls } from "@/server/services/calls/faults";
import { randomInstanceId } from "@/server/cluster/instance-id";
import { joinPresence } from "@/server/services/accounts/instance-presence";
import type { PresenceTimings } from "@/server/services/accounts/instances";
import { authenticate, banOfToken, bannedCloseReason } from "@/server/services/accounts/users";
import { flushReceipts } from "@/server/services/messages/receipts";
import { startScheduledSender } from "@/server/jobs/scheduled-sender";
import { startMessageExpiry } from "@/server/jobs/message-expiry";
import { CloseCode, type ConnectionRegistry } from "./connections";
import { continuesItself } from "./files/refused-body";
import { createFileRoutes, type FileRoutesConfig, fileRoutesConfigFromEnv } from "./files/routes";
import { databaseCheck, healthChecker, type HealthCheck } from "./health";
import { CROSS_SITE_REFUSAL, isCrossSiteCookieRequest, isTrustedOrigin, type OriginPolicy, originPolicyFromEnv } from "./http/origin";
import { API_CONTENT_SECURITY_POLICY, setCommonSecurityHeaders } from "./http/security-headers";
import { streamSocket } from "./live-socket";
import { log } from "./log";
import { createShutdown } from "./shutdown";

export type AppOptions = {
  database: DatabaseHandle;
  bus: EventBus;
  connections: ConnectionRegistry;
  /** Uploads and downloads (/api/files, /api/uploadthing); default: from the environment. */
  files?: FileRoutesConfig;
  /** Dependencies GET /api/health asks besides the database (Redis, when configured). */
  healthChecks?: HealthCheck[];
  /** Whose pages may use the session cookie; default: from the environment (AUTH_URL, ALLOWED_ORIGINS). */
  origins?: OriginPolicy;
  /** Request limits; default: the process-wide ones from the environment. */
  limits?: RateLimits;
  /** This instance's id in the records instances share; default: a random one (index.ts passes the process's). */
  instanceId?: string;
  /** Heartbeat and silence limit of presence; default from INSTANCE_SILENT_SECONDS (tests shorten them). */
  presenceTimings?: Partial<PresenceTimings>;
  /** Bytes that may wait in one client's socket before it is closed as too slow; default LIVE_BUFFER_BYTES. */
  liveBufferBytes?: number;
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
  const healthReport = healthChecker([databaseCheck(database.db), ...(options.healthChecks ?? [])]);
  const limits = options.limits ?? rateLimits();
  const liveBufferBytes = options.liveBufferBytes ?? env().LIVE_BUFFER_BYTES;
  const trustedProxies = env().TRUST_PROXY;
  /** What the transport knows of the caller: its address (for limits) and browser (for sessions). */
  const clientOf = (req: IncomingMessage) => ({ address: clientAddress(req, trustedProxies), userAgent: req.headers["user-agent"] });
  // This instance's sockets per user, in the record all instances share. Users of an instance
  // found silent get the grace period a closed connection gets.
  const presence = joinPresence(deps, {
    instanceId: options.instanceId ?? randomInstanceId(),
    // Asked as isOnline first: the usual answer to a sync after a close, none, without a copy of the list.
    socketsOf: (userId) => (connections.isOnline(userId) ? connections.socketsOf(userId).length : 0),
    onSwept: (userIds) => userIds.forEach((userId) => partyDisconnected(deps, userId)),
    timings: options.presenceTimings,
  });
  // Calls the last process left behind get their timers back; a party's last connection
  // closing starts their grace period.
  superviseCalls(deps, presence.isOnline, (userId) => connections.isOnline(userId)).catch((error) => log.warn("Could not resume calls", error));

  // Every instance sends the scheduled messages that fall due (one claim per item, jobs/scheduled-sender.ts).
  const scheduledSender = startScheduledSender(deps);
  // And deletes the disappearing messages whose time has come (one instance per round, jobs/message-expiry.ts).
  const messageExpiry = startMessageExpiry({ ...deps, storages: options.files?.storages });

  const origins = () => options.origins ?? originPolicyFromEnv();
  const fileRoutes = createFileRoutes(database.db, () => options.files ?? fileRoutesConfigFromEnv(), origins);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://relay.local");
    setCommonSecurityHeaders(res, { https: origins().appOrigin?.startsWith("https:") ?? false });
    res.setHeader("content-security-policy", API_CONTENT_SECURITY_POLICY);
    if (!lifecycle.admit(url, res)) return;
    if (url.pathname === "/api/health") return void health(res);
    if (url.pathname === "/api/health/live") return json(res, 200, { status: "ok" });
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
          if (isCrossSiteCookieRequest(req.headers, origins())) throw new TRPCError({ code: "FORBIDDEN", message: CROSS_SITE_REFUSAL });
          const token = tokenFromHttpHeaders(req.headers);
          await refuseEarly(limits, token, info); // a flood past its budget costs no database lookup
          return createContextFromToken({ ...deps, connections, limits, client: clientOf(req) }, token);
        },
        onError: ({ error, path }) => logProcedureError("tRPC", path, error),
      });
    }
    if (options.next) {
      // Pages get their own policy, with a script nonce, from src/proxy.ts.
      res.removeHeader("content-security-policy");
      stampClientAddress(req, trustedProxies); // next-auth's sign-in limits by address
      return void options.next.handle(req, res);
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
  });

  // Expect: 100-continue: an upload says "100 Continue" itself once it accepts the caller and
  // the size, so a refusal arrives before the body is sent; other requests continue at once.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (!continuesItself(req)) res.writeContinue();
    server.emit("request", req, res);
  });

  /**
   * Ready: the database answers in time and the WebSocket listens (503 "down" otherwise); a
   * check that only degrades the service (Redis) failing makes it 200 "degraded".
   */
  async function health(res: ServerResponse) {
    const report = await healthReport();
    const status = server.listening ? report.status : "down";
    json(res, status === "down" ? 503 : 200, { status, checks: report.checks, websocket: server.listening });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const wssHandler = applyWSSHandler({
    wss,
    router: appRouter,
    // A live event's frames are serialised once for all of its recipients (see frames.ts).
    experimental_encoder: frameEncoder,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req, res, info }) => {
      const socket = res as WebSocket;
      const params = info.connectionParams;
      const url = new URL(req.url ?? "/", "http://relay.local");
      const sentToken = (typeof params?.token === "string" && params.token) || url.searchParams.get("token");
      const token = sentToken || tokenFromCookieHeader(req.headers.cookie);
      if (!token) {
        socket.close(CloseCode.noToken, "No token");
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
      }
      // Decided here, not at the upgrade: only now is it known whether the client sent a token
      // (connection params arrive after it) or the browser attached the cookie for another site's page.
      if (!sentToken && !isTrustedOrigin(req.headers, origins())) {
        socket.close(CloseCode.crossSite, "Connections from other sites must send a token");
        throw new TRPCError({ code: "FORBIDDEN", message: CROSS_SITE_REFUSAL });
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
      if (connections.closedSince(user.id, mark, user.sessionId)) {
        // Closed by an admin while its token was being checked: it reconnects and is checked again.
        socket.close(CloseCode.disconnectedByAdmin, "Reconnect");
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session changed; reconnect" });
      }
      connections.add(user.id, socket, user.sessionId);
      trackPresence(user.id, socket);
      partyConnected(deps, user.id);
      socket.once("close", () => partyDisconnected(deps, user.id));
      return { ...deps, connections, user, limits, client: clientOf(req), socket: streamSocket(socket, liveBufferBytes, req.socket) };
    },
    onError: ({ error, path }) => logProcedureError("WebSocket", path, error),
  });

  /** Online from the first open connection (to any instance) until the last one closes. */
  function trackPresence(userId: string, socket: WebSocket) {
    const sync = () => presence.sync(userId).catch((error) => log.warn("Could not record presence", error));
    void sync();
    // Registered after the registry's own close listener, so the registry is already updated.
    socket.once("close", () => void sync());
  }

  server.on("upgrade", (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://relay.local").pathname;
    if (pathname === "/ws" && !lifecycle.stopping) {
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

  const lifecycle = createShutdown({
    server,
    wss,
    // Answered calls end while their parties can still hear it.
    beforeSockets: () => endCallsForShutdown(deps).then(() => undefined),
    announce: () => wssHandler.broadcastReconnectNotification(),
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
    /**
     * Stops accepting, answers new requests on kept-alive connections 503, lets requests in
     * flight finish, tells WebSocket clients to reconnect elsewhere (4007) and closes; then
     * writes the delivery reports still waiting for their batch, and leaves presence (whoever
     * was connected only here goes offline). The scheduler stops first, after its round in
     * flight: what falls due meanwhile is sent at the next start.
     */
    shutdown: () =>
      Promise.all([scheduledSender.stop(), messageExpiry.stop()])
        .then(() => lifecycle.shutdown())
        .then(() => flushReceipts(deps))
        .finally(() => presence.stop()),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

export type RelayServer = ReturnType<typeof createRelayServer>;

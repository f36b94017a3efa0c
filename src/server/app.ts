// The HTTP and WebSocket server around the API: tRPC over HTTP at /api/trpc, tRPC over
// WebSocket at /ws, plain JSON over WebSocket at /ws/plain (its AsyncAPI document at
// /api/docs/asyncapi), the same procedures as REST at /api/v1 (document at /api/docs, reference
// page at /docs), GET /api/health (readiness) and /api/health/live (liveness), file uploads
// and downloads (/api/files, /api/uploadthing), and everything else handed to Next.js (when
// given).
// Kept apart from index.ts so that tests can start the real server without building Next.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { TRPCRequestInfo } from "@trpc/server/http";
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
import { endCallsForShutdown, partyDisconnected, superviseCalls } from "@/server/services/calls/faults";
import { randomInstanceId } from "@/server/cluster/instance-id";
import { joinPresence } from "@/server/services/accounts/instance-presence";
import type { PresenceTimings } from "@/server/services/accounts/instances";
import { flushReceipts } from "@/server/services/messages/receipts";
import { startScheduledSender } from "@/server/jobs/scheduled-sender";
import { startMessageExpiry } from "@/server/jobs/message-expiry";
import { CloseCode, type ConnectionRegistry } from "./connections";
import { continuesItself } from "./files/refused-body";
import { createFileRoutes, type FileRoutesConfig, fileRoutesConfigFromEnv } from "./files/routes";
import { databaseCheck, healthChecker, type HealthCheck } from "./health";
import { CROSS_SITE_REFUSAL, isCrossSiteCookieRequest, isTrustedOrigin, type OriginPolicy, originPolicyFromEnv } from "./http/origin";
import { API_CONTENT_SECURITY_POLICY, setCommonSecurityHeaders } from "./http/security-headers";
import { singleCallHandler } from "./http/trpc-single-call";
import { serveDocsPage } from "./http/docs-page";
import { openApiDocument } from "./http/openapi";
import { createRestHandler, REST_PREFIX } from "./http/rest";
import { liveAdmission } from "./live-admission";
import { ASYNCAPI_PATH, serveAsyncApi } from "./plain-socket/asyncapi-route";
import { type PlainSocketDeps, servePlainSocket } from "./plain-socket/connection";
import { PLAIN_SOCKET_PATH } from "./plain-socket/protocol";
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
    socketsOf: (userId) => connections.socketCount(userId),
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

  // The context of an HTTP call, the same for tRPC (/api/trpc) and REST (/api/v1).
  const httpContext = async (req: IncomingMessage, info: TRPCRequestInfo | undefined) => {
    if (isCrossSiteCookieRequest(req.headers, origins())) throw new TRPCError({ code: "FORBIDDEN", message: CROSS_SITE_REFUSAL });
    const token = tokenFromHttpHeaders(req.headers);
    await refuseEarly(limits, token, info); // a flood past its budget costs no database lookup
    return createContextFromToken({ ...deps, connections, limits, storages: options.files?.storages, client: clientOf(req) }, token);
  };
  const rest = createRestHandler(httpContext);
  // tRPC over HTTP, the same for the adapter and the short path of a single mutation.
  const trpcHttp = {
    router: appRouter,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, info }: { req: IncomingMessage; info: TRPCRequestInfo }) => httpContext(req, info),
    responseMeta: retryAfterHeader,
    onError: ({ error, path }: { error: TRPCError; path: string | undefined }) => logProcedureError("tRPC", path, error),
  };
  const singleCall = singleCallHandler(trpcHttp);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://relay.local");
    setCommonSecurityHeaders(res, { https: origins().appOrigin?.startsWith("https:") ?? false });
    res.setHeader("content-security-policy", API_CONTENT_SECURITY_POLICY);
    if (!lifecycle.admit(url, res)) return;
    if (url.pathname === "/api/health") return void health(res);
    if (url.pathname === "/api/health/live") return json(res, 200, { status: "ok" });
    if (url.pathname === ASYNCAPI_PATH) return serveAsyncApi(req, res);
    if (fileRoutes.handle(req, res, url)) return;
    if (url.pathname === REST_PREFIX || url.pathname.startsWith(`${REST_PREFIX}/`)) return void rest(req, res, url);
    if (url.pathname === "/api/docs") return json(res, 200, openApiDocument());
    if (serveDocsPage(res, url.pathname)) return;
    if (url.pathname === TRPC_PREFIX || url.pathname.startsWith(`${TRPC_PREFIX}/`)) {
      const path = url.pathname.slice(TRPC_PREFIX.length + 1);
      if (singleCall(req, res, path, url.search)) return;
      const maxBatchSize = limits.config.enabled ? limits.config.maxBatch : undefined;
      return void nodeHTTPRequestHandler({ ...trpcHttp, req, res, path, maxBatchSize });
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

  const admit = liveAdmission({ deps, connections, syncPresence: (userId) => presence.sync(userId) });
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
      const { user, refusal } = await admit(socket, token);
      if (refusal) throw new TRPCError(refusal);
      return { ...deps, connections, user, limits, client: clientOf(req), socket: { ...streamSocket(socket, liveBufferBytes, req.socket), send: (text) => socket.send(text, { binary: false }) } };
    },
    onError: ({ error, path }) => logProcedureError("WebSocket", path, error),
  });

  // The plain JSON protocol for clients without tRPC (plain-socket/): a server of its own, so
  // that tRPC's reconnect notification never reaches it; shut down with the other.
  const plainWss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const plainSocketDeps = (req: IncomingMessage): PlainSocketDeps => ({
    admit,
    contextFor: (user, socket) => ({ ...deps, connections, user, limits, client: clientOf(req), socket }),
    liveBufferBytes,
  });

  server.on("upgrade", (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://relay.local").pathname;
    const live = pathname === "/ws" || pathname === PLAIN_SOCKET_PATH;
    if (live && !lifecycle.stopping) {
      const on = pathname === "/ws" ? wss : plainWss;
      on.handleUpgrade(req, socket, head, (ws) => {
        if (limits.config.enabled) limitFrames(ws, limits.config.frames, CloseCode.tooManyMessages);
        if (on === wss) wss.emit("connection", ws, req);
        else servePlainSocket(ws, req, plainSocketDeps(req));
      });
    } else if (options.next?.upgrade && !live) {
      // Next's own sockets (the dev reload channel).
      void options.next.upgrade(req, socket, head);
    } else {
      socket.destroy();
    }
  });

  const lifecycle = createShutdown({
    server,
    socketServers: [wss, plainWss],
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
     * was connected only here goes offline). The scheduler stops alongside, after its round in
     * flight: what falls due meanwhile is sent at the next start. The HTTP side stops at once,
     * not after that round, so that no request arriving meanwhile is served on a kept-alive
     * connection as if nothing were happening.
     */
    shutdown: () =>
      Promise.all([lifecycle.shutdown(), scheduledSender.stop(), messageExpiry.stop()])
        .then(() => flushReceipts(deps))
        .finally(() => presence.stop()),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

export type RelayServer = ReturnType<typeof createRelayServer>;

// One plain JSON WebSocket (/ws/plain): it signs in with its first frame, then receives what
// events.stream yields (the same subscription, called through the router, resumed from the
// client's lastEventId) and sends frames that are calls of the tRPC procedures. A client's
// frames are handled one at a time, in order: two sends arrive in the order they were sent.
import type { IncomingMessage } from "node:http";
import { isTrackedEnvelope } from "@trpc/server";
import type { WebSocket } from "ws";
import { z } from "zod";
import { CloseCode } from "@/lib/close-codes";
import { createCaller } from "@/server/api/root";
import { logProcedureError } from "@/server/api/failures";
import type { Context } from "@/server/api/trpc";
import { tokenFromAuthorizationHeader } from "@/server/auth/token";
import { completePosition, type StreamSocket } from "@/server/events/stream";
import type { RelayEvent } from "@/server/events/types";
import type { Admission } from "@/server/live-admission";
import { streamSocket } from "@/server/live-socket";
import { log } from "@/server/log";
import { TOO_MANY_MESSAGES_REASON } from "@/server/rate-limit/frames";
import type { SessionUser } from "@/server/services/accounts/users";
import { type Caller, procedures } from "./procedures";
import {
  AUTH_TIMEOUT_MS,
  BAD_FRAME_WINDOW_MS,
  type ClientFrame,
  clientEnvelope,
  clientFrameData,
  clientFrames,
  MAX_BAD_FRAMES,
  PROTOCOL_ERRORS,
} from "./protocol";
import { refusedAs } from "./refusals";
import { eventFrameText, frameText } from "./wire";

export type PlainSocketDeps = {
  admit: (socket: WebSocket, token: string) => Promise<Admission>;
  /** The context a signed-in socket's calls run with (as a tRPC socket's do). */
  contextFor: (user: SessionUser, socket: StreamSocket) => Context;
  liveBufferBytes: number;
};

/** Frames received and not yet handled, at most; past it the client is flooding (4008). */
const MAX_PENDING_FRAMES = 64;
/** A socket that does not answer a ping within this is gone (its network dropped it). */
const KEEP_ALIVE_MS = 30_000;
const PONG_WAIT_MS = 10_000;
const TOO_MANY_BAD_FRAMES = "Too many bad frames";

export function servePlainSocket(ws: WebSocket, req: IncomingMessage, deps: PlainSocketDeps): void {
  const headerToken = tokenFromAuthorizationHeader(req.headers.authorization);
  const stream = streamSocket(ws, deps.liveBufferBytes, req.socket);
  const stopped = new AbortController();
  const badFrames: number[] = [];
  let api: Caller | null = null;
  let pending = 0;
  let queue = Promise.resolve();

  const authTimer = setTimeout(() => {
    if (!api) ws.close(CloseCode.noToken, "Send an auth frame first");
  }, AUTH_TIMEOUT_MS);
  const keepAlive = setInterval(() => {
    const late = new Promise<boolean>((resolve) => setTimeout(resolve, PONG_WAIT_MS, false).unref());
    void Promise.race([stream.ping(), late]).then((answered) => {
      if (!answered) ws.terminate();
    });
  }, KEEP_ALIVE_MS);
  ws.once("close", () => {
    clearTimeout(authTimer);
    clearInterval(keepAlive);
    stopped.abort();
  });

  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    if (++pending > MAX_PENDING_FRAMES) return ws.close(CloseCode.tooManyMessages, TOO_MANY_MESSAGES_REASON);
    queue = queue
      .then(() => (ws.readyState === ws.OPEN ? handle(isBinary ? null : raw.toString("utf8")) : undefined))
      .catch((error: unknown) => log.warn("A plain WebSocket frame failed", error))
      .finally(() => pending--);
  });

  const send = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };

  function bad(code: string, message: string, ref?: string, fieldErrors: Record<string, string[]> | null = null) {
    send(frameText("error", { code, message, ref, fieldErrors }));
    const now = Date.now();
    badFrames.push(now);
    while (badFrames[0]! < now - BAD_FRAME_WINDOW_MS) badFrames.shift();
    if (badFrames.length > MAX_BAD_FRAMES) ws.close(CloseCode.badFrames, TOO_MANY_BAD_FRAMES);
  }

  async function handle(text: string | null) {
    let json: unknown;
    try {
      json = JSON.parse(text ?? "");
    } catch {
      json = undefined;
    }
    if (!api) return signIn(json);
    if (json === undefined) return bad("INVALID_JSON", PROTOCOL_ERRORS.INVALID_JSON);
    const envelope = clientEnvelope.safeParse(json);
    if (!envelope.success) return bad("INVALID_FRAME", PROTOCOL_ERRORS.INVALID_FRAME, undefined, fieldErrorsOf(envelope.error));
    const { type, data, ref } = envelope.data;
    if (!Object.hasOwn(clientFrameData, type)) return bad("UNKNOWN_TYPE", `${PROTOCOL_ERRORS.UNKNOWN_TYPE}: ${type.slice(0, 64)}`, ref);
    if (type === "auth") return bad("ALREADY_AUTHENTICATED", PROTOCOL_ERRORS.ALREADY_AUTHENTICATED, ref);
    const parsed = clientFrameData[type as ClientFrame["type"]].safeParse(data);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      const tempId = type === "message:send" ? clientFrameData["message:send"].shape.tempId.safeParse((data as { tempId?: unknown })?.tempId) : null;
      // A send the client waits on by its tempId hears about it by that tempId.
      if (tempId?.success) send(frameText("message:refused", { tempId: tempId.data, code: "BAD_REQUEST", reason: messageOf(parsed.error), fieldErrors }));
      return bad("INVALID_FRAME", messageOf(parsed.error), ref ?? (tempId?.success ? tempId.data : undefined), fieldErrors);
    }
    return dispatch(api, { type, data: parsed.data, ref } as ClientFrame);
  }

  async function signIn(json: unknown) {
    const frame = clientFrames.auth.safeParse(json);
    if (!frame.success) return ws.close(CloseCode.noToken, "The first frame must be auth");
    const token = frame.data.data.token ?? headerToken;
    if (!token) return ws.close(CloseCode.noToken, "No token");
    clearTimeout(authTimer); // it answered in time; how long the check takes is the server's
    const { user } = await deps.admit(ws, token);
    if (!user) return; // closed with the reason (invalid token, banned, …)
    try {
      const ctx = deps.contextFor(user, stream);
      api = createCaller(ctx, { signal: stopped.signal, onError: ({ error, path }) => logProcedureError("plain WebSocket", path, error) });
      // With no id of its own, the client starts from here: nothing after `ready` is missed.
      const lastEventId = frame.data.data.lastEventId ?? String(await completePosition(ctx));
      const events = await api.events.stream({ lastEventId });
      send(frameText("ready", { userId: user.id, lastEventId }));
      void pump(events);
    } catch (error) {
      streamFailed(error);
    }
  }

  async function pump(events: AsyncIterable<unknown>) {
    try {
      for await (const value of events) {
        if (!isTrackedEnvelope(value)) continue;
        send(eventFrameText(String(value[0]), value[1] as RelayEvent));
      }
    } catch (error) {
      streamFailed(error);
    }
  }

  /** A socket without its stream would miss events silently: it is closed, and the client reconnects. */
  function streamFailed(error: unknown) {
    if (stopped.signal.aborted) return;
    const { code, message, requestId } = refusedAs(error, "events.stream");
    send(frameText("error", { code, message, requestId }));
    ws.close(1011, "The live stream failed; reconnect");
  }

  async function dispatch(api: Caller, frame: ClientFrame) {
    if (frame.type === "auth") return;
    if (frame.type === "message:send") {
      const { tempId, ...message } = frame.data;
      try {
        send(frameText("message:sent", { tempId, message: (await api.messages.send({ ...message, clientId: tempId })) as Record<string, unknown> }));
      } catch (error) {
        const { code, message: reason, fieldErrors, retryAfterSeconds, requestId } = refusedAs(error, "messages.send");
        send(frameText("message:refused", { tempId, code, reason, fieldErrors, retryAfterSeconds, requestId }));
      }
      return;
    }
    const procedure = procedures[frame.type] as { path: string; call: (api: Caller, data: unknown) => Promise<unknown> };
    try {
      const result = await procedure.call(api, frame.data);
      if (frame.ref) send(frameText("ack", { ref: frame.ref, type: frame.type, result: result ?? null }));
    } catch (error) {
      const { code, message, fieldErrors, retryAfterSeconds, requestId } = refusedAs(error, procedure.path);
      send(frameText("error", { code, message, ref: frame.ref, fieldErrors, retryAfterSeconds, requestId }));
    }
  }
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}

function messageOf(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

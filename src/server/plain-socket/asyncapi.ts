// The AsyncAPI 3.0 document of the plain JSON WebSocket, made from the zod schemas the
// connection validates frames with (protocol.ts): what it says is what the server accepts.
import { z } from "zod";
import { CloseCode } from "@/lib/close-codes";
import {
  AUTH_TIMEOUT_MS,
  BAD_FRAME_WINDOW_MS,
  clientFrames,
  EVENT_TYPES,
  eventFrames,
  MAX_BAD_FRAMES,
  PLAIN_SOCKET_PATH,
  serverFrames,
} from "./protocol";

const CHANNEL = "plain";

/** A frame type as an AsyncAPI key (keys may hold letters, digits, `.`, `_` and `-`). */
const keyOf = (prefix: string, type: string) => `${prefix}.${type.replace(/:/g, "_")}`;

const schemaOf = (schema: z.ZodType) => {
  // The document names its schema format once; each payload needs no dialect of its own.
  const json: Record<string, unknown> = z.toJSONSchema(schema, { target: "draft-07", io: "input", unrepresentable: "any" });
  delete json.$schema;
  return json;
};

const CLOSE_CODES = `Close codes: ${CloseCode.noToken} no auth frame within ${AUTH_TIMEOUT_MS / 1000} s (or a first frame that is not auth, or no token), \
${CloseCode.invalidToken} invalid token, ${CloseCode.disconnectedByAdmin} disconnected by an admin (reconnect), ${CloseCode.banned} banned, \
${CloseCode.sessionRevoked} session signed out, ${CloseCode.serverShutdown} server shutting down (reconnect), ${CloseCode.tooManyMessages} too many frames, \
${CloseCode.tooSlow} too far behind (reconnect and resume), ${CloseCode.badFrames} more than ${MAX_BAD_FRAMES} bad frames within ${BAD_FRAME_WINDOW_MS / 1000} s.`;

type Messages = Record<string, { name: string; title: string; summary?: string; contentType: string; payload: unknown }>;

function messagesOf(prefix: string, frames: Record<string, z.ZodObject>): Messages {
  return Object.fromEntries(
    Object.entries(frames).map(([type, schema]) => [
      keyOf(prefix, type),
      { name: type, title: type, summary: schema.shape.data?.description, contentType: "application/json", payload: schemaOf(schema) },
    ]),
  );
}

export function asyncApiDocument() {
  const received = messagesOf("client", clientFrames);
  const sent = { ...messagesOf("server", serverFrames), ...messagesOf("event", eventFrames) };
  const operations = {
    ...Object.fromEntries(
      Object.keys(received).map((key) => [
        `receive.${key}`,
        { action: "receive", channel: { $ref: `#/channels/${CHANNEL}` }, messages: [{ $ref: `#/channels/${CHANNEL}/messages/${key}` }] },
      ]),
    ),
    ...Object.fromEntries(
      Object.keys(sent).map((key) => [
        `send.${key}`,
        { action: "send", channel: { $ref: `#/channels/${CHANNEL}` }, messages: [{ $ref: `#/channels/${CHANNEL}/messages/${key}` }] },
      ]),
    ),
  };
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Relay plain WebSocket",
      version: "1.0.0",
      description:
        "Live events and a few actions over one WebSocket, in plain JSON, for clients without tRPC. Open the socket, send " +
        '`{"type":"auth","data":{"token":"…","lastEventId":"…"}}` first (the token may instead come in the upgrade\'s ' +
        "`Authorization: Bearer` header; never in the URL), wait for `ready`, then receive every live event as " +
        '`{"id","type","data"}` (the same events as tRPC `events.stream`). Send `lastEventId` (the last event `id` seen, or ' +
        "`ready`'s) when reconnecting: what was missed is replayed, once. Frames that are not JSON, of an unknown type or " +
        `with invalid data are answered with an \`error\` frame. ${CLOSE_CODES}`,
    },
    defaultContentType: "application/json",
    servers: {
      relay: { host: "localhost:3000", protocol: "ws", pathname: PLAIN_SOCKET_PATH, description: "The Relay server itself (use wss behind TLS)" },
    },
    channels: {
      [CHANNEL]: {
        address: PLAIN_SOCKET_PATH,
        description: "One socket per signed-in client.",
        messages: { ...received, ...sent },
      },
    },
    operations,
    components: {},
    "x-event-types": EVENT_TYPES,
  };
}

// One serialisation per live event, however many sockets receive it. The bus hands the same
// event object to every recipient's stream, but tRPC's WebSocket adapter would superjson-
// serialise a fresh `{ id, data }` envelope for each of them and then JSON.stringify the whole
// frame. Here every stream yields the same payload object for an event (`sharedPayload`); the
// router's transformer turns a tracked envelope of such a payload into a SharedFrame, whose JSON
// text is made once per event with each recipient's tracked id spliced in; and the WebSocket
// encoder writes that text into the frame as it is. What goes over the wire parses to exactly
// what superjson and JSON.stringify would have produced. Everything else (HTTP responses,
// errors, other values) goes through them unchanged, and a SharedFrame that meets a plain
// JSON.stringify (any other transport) becomes the object superjson would have made.
// A stream on a tRPC socket goes one step further (see stream.ts): the first value it yields
// carries a binder, through which the encoder tells the stream its subscription's id; from
// then on the stream writes each live event's frame to its socket itself (`dataFrames`),
// the same text the adapter would have sent, without the adapter's per-event async round.
import type { Encoder } from "@trpc/server/adapters/ws";
import superjson, { type SuperJSONResult } from "superjson";
import { serialize } from "@/server/api/plain-json";
import type { LiveEvent, RelayEvent } from "./types";

type JSONValue = SuperJSONResult["json"];

/** An event's superjson form, made once: `superjson.serialize({ id: "", data: payload })`, split. */
type Serialised = {
  data: JSONValue;
  dataJson: string;
  meta: SuperJSONResult["meta"];
  metaJson: string;
  /** Whole data frames made of it, by envelope and tracked id (see dataFrames). */
  frames?: Map<string, Buffer>;
};

/** The envelope the tRPC client knows a subscription's frames by. */
export type SubscriptionAddress = { id: number | string; jsonrpc?: "2.0" };
type Binder = (address: SubscriptionAddress) => void;

const payloads = new WeakMap<LiveEvent, RelayEvent>();
/** Every shared payload; its serialisation once a frame needed it (null until then). */
const serialisations = new WeakMap<object, Serialised | null>();
/** Payloads that tell their stream its subscription's address once encoded. */
const binders = new WeakMap<object, Binder>();

/** The `{ type, data }` payload of a bus event: one object for all of its recipients. */
export function sharedPayload(event: LiveEvent): RelayEvent {
  let payload = payloads.get(event);
  if (!payload) {
    payload = { type: event.type, data: event.data } as RelayEvent;
    payloads.set(event, payload);
    serialisations.set(payload, null);
  }
  return payload;
}

/**
 * A copy of `payload` of this stream's own, whose frame, once the encoder writes it, tells
 * `bind` the subscription it went out on.
 */
export function bindingPayload(payload: RelayEvent, bind: Binder): RelayEvent {
  const copy = { type: payload.type, data: payload.data } as RelayEvent;
  serialisations.set(copy, null);
  binders.set(copy, bind);
  return copy;
}

/**
 * Makes the data frames (UTF-8 text) the tRPC adapter with `frameEncoder` sends for tracked
 * values of shared payloads on the subscription at `address`.
 */
export function dataFrames(address: SubscriptionAddress): (trackedId: string, payload: RelayEvent) => Buffer {
  // `{"id":…,"jsonrpc":…,"result":{"type":"data"` : the adapter's envelope up to the tracked id.
  const head = JSON.stringify({ id: address.id, jsonrpc: address.jsonrpc, result: { type: "data" } }).slice(0, -2);
  return (trackedId, payload) => {
    const serialised = serialisationOf(payload);
    // A logged event's tracked id is the same for all of its recipients, and tRPC clients number
    // their subscriptions alike: most recipients get the very same bytes, made once.
    const key = `${head}${trackedId}`;
    let frame = serialised.frames?.get(key);
    if (!frame) {
      frame = Buffer.from(`${head},"id":${JSON.stringify(trackedId)},"data":${new SharedFrame(trackedId, serialised).text()}}}`);
      // A signal's tracked id is each stream's own: nothing to share.
      if (!trackedId.includes("-")) (serialised.frames ??= new Map()).set(key, frame);
    }
    return frame;
  };
}

function serialisationOf(payload: object): Serialised {
  let done = serialisations.get(payload);
  if (!done) {
    // The id is a string, so superjson's meta (undefined values, Dates, shared references)
    // only ever speaks of paths under `data`: the same for every id spliced in later.
    const { json, meta } = serialize({ id: "", data: payload });
    const data = (json as { data: JSONValue }).data;
    done = { data, dataJson: JSON.stringify(data), meta, metaJson: meta ? `,"meta":${JSON.stringify(meta)}` : "" };
    serialisations.set(payload, done);
  }
  return done;
}

/** `superjson.serialize({ id, data: payload })` of a shared payload, for one recipient. */
export class SharedFrame {
  constructor(
    private readonly id: string,
    private readonly serialised: Serialised,
    /** Set on a stream's binding payload (`bindingPayload`). */
    readonly bind?: Binder,
  ) {}

  /** Its JSON text, as JSON.stringify would write it. */
  text(): string {
    const { dataJson, metaJson } = this.serialised;
    return `{"json":{"id":${JSON.stringify(this.id)},"data":${dataJson}}${metaJson}}`;
  }

  toJSON(): SuperJSONResult {
    const { data, meta } = this.serialised;
    return meta ? { json: { id: this.id, data }, meta } : { json: { id: this.id, data } };
  }
}

/** A tracked envelope `{ id, data }` (as the adapter builds it) whose data is a shared payload. */
function sharedFrameOf(value: unknown): SharedFrame | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, data } = value as { id?: unknown; data?: unknown };
  if (typeof id !== "string" || typeof data !== "object" || data === null || !serialisations.has(data)) return null;
  if (Object.keys(value).length !== 2) return null;
  return new SharedFrame(id, serialisationOf(data), binders.get(data));
}

/**
 * The router's transformer: superjson (skipping its walk for plain JSON, see plain-json.ts), but
 * a shared payload's envelope becomes a SharedFrame.
 */
export const frameTransformer = {
  input: superjson,
  output: {
    serialize: (value: unknown): unknown => sharedFrameOf(value) ?? serialize(value),
    deserialize: (value: unknown): unknown => superjson.deserialize(value as SuperJSONResult),
  },
};

/** The WebSocket adapter's encoder: JSON, with a SharedFrame's text written in place. */
export const frameEncoder: Encoder = {
  encode(message) {
    const frame = (message as { result?: { data?: unknown } } | null)?.result?.data;
    if (!(frame instanceof SharedFrame)) return JSON.stringify(message);
    const { result, ...envelope } = message as { id: number | string; jsonrpc?: "2.0"; result: { data: SharedFrame } };
    frame.bind?.({ id: envelope.id, jsonrpc: envelope.jsonrpc });
    const { data, ...resultRest } = result;
    // The frame with a placeholder for its data, last of all (`…0}}`), then the data's text there.
    const around = JSON.stringify({ ...envelope, result: { ...resultRest, data: 0 } });
    return `${around.slice(0, -3)}${data.text()}}}`;
  },
  decode(data) {
    if (typeof data !== "string") throw new Error("Expected a text frame");
    return JSON.parse(data);
  },
};

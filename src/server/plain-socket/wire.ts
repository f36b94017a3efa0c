// Frames as text. A live event reaches many sockets: its `"type","data"` part is serialised
// once (the bus hands every recipient the same payload object) and each recipient's id is
// put in front of it.
import type { RelayEvent } from "@/server/events/types";
import type { ServerFrameType, serverFrameData } from "./protocol";
import type { z } from "zod";

const bodies = new WeakMap<object, string>();

/** `{"id":…,"type":…,"data":…}` of an event as events.stream yields it. */
export function eventFrameText(id: string, event: RelayEvent): string {
  let body = bodies.get(event);
  if (body === undefined) {
    body = JSON.stringify({ type: event.type, data: event.data }).slice(1);
    bodies.set(event, body);
  }
  return `{"id":${JSON.stringify(id)},${body}`;
}

export function frameText<T extends ServerFrameType>(type: T, data: z.input<(typeof serverFrameData)[T]>): string {
  return JSON.stringify({ type, data });
}

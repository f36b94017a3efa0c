// events.stream over Server-Sent Events (tRPC's httpSubscriptionLink: GET /api/trpc/events.stream),
// read with plain fetch: a client receives a new message live, and after a disconnect resumes
// from its last event id with everything it missed, once.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestWorld, type TestWorld } from "@/server/testing/harness";
import { serveWorld, type ServedWorld } from "@/server/testing/serve-world";

let world: TestWorld;
let served: ServedWorld;

beforeAll(async () => {
  world = await createTestWorld();
  served = await serveWorld(world);
});
afterAll(async () => {
  await served?.relay.shutdown();
  await world?.close();
});

type SseEvent = { id: string | null; event: string | null; data: unknown };
type Stream = { next(match: (event: SseEvent) => boolean): Promise<SseEvent[]>; close(): void };

/**
 * Opens the stream as `token`. A resume point goes in the Last-Event-ID header, as a browser's
 * EventSource sends it, or in the input, as tRPC's httpSubscriptionLink does.
 */
async function openStream(token: string, resume: { header?: string; input?: string } = {}): Promise<Stream> {
  const lastEventId = resume.header;
  const input = encodeURIComponent(JSON.stringify({ json: resume.input ? { lastEventId: resume.input } : {} }));
  const abort = new AbortController();
  const response = await fetch(`${served.base}/api/trpc/events.stream?input=${input}`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const parsed: SseEvent[] = [];
  return {
    /** Reads until an event matches; returns the data events read meanwhile (with the match). */
    async next(match) {
      const seen: SseEvent[] = [];
      for (;;) {
        const event = parsed.shift();
        if (event) {
          if (event.event === null) seen.push(event);
          if (match(event)) return seen;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("The stream ended");
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split("\n").find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null;
          const data = field("data");
          if (data !== null) parsed.push({ id: field("id"), event: field("event"), data: JSON.parse(data) });
        }
      }
    },
    close: () => abort.abort(),
  };
}

/** A new message's text, from a data event (superjson: `{ json: { type, data } }`). */
function messageText(event: SseEvent): string | null {
  const value = (event.data as { json?: { type?: string; data?: { message?: { content?: string } } } }).json;
  return value?.type === "message:new" ? (value.data?.message?.content ?? null) : null;
}

test("the stream over SSE delivers live and resumes from the last id, missing nothing", async () => {
  const { a, b, chatId } = await world.directChat();
  const first = await openStream(b.token);
  await first.next((event) => event.event === "connected");
  await a.api.messages.send({ chatId, content: "one" });
  const live = await first.next((event) => messageText(event) === "one");
  const lastId = live.at(-1)!.id;
  expect(lastId).toMatch(/^\d+/);
  first.close();

  await a.api.messages.send({ chatId, content: "two" });
  await a.api.messages.send({ chatId, content: "three" });

  const resumed = await openStream(b.token, { header: lastId! });
  const replayed = await resumed.next((event) => messageText(event) === "three");
  resumed.close();
  expect(replayed.map(messageText).filter((text) => text !== null)).toEqual(["two", "three"]);
  // Every event after the resume point carries an id to resume from again.
  expect(replayed.every((event) => event.id !== null)).toBe(true);

  await a.api.messages.send({ chatId, content: "four" });
  const again = await openStream(b.token, { input: replayed.at(-1)!.id! });
  const rest = await again.next((event) => messageText(event) === "four");
  again.close();
  expect(rest.map(messageText).filter((text) => text !== null)).toEqual(["four"]);
});

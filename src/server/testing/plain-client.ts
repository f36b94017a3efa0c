// Test support: a client of the plain JSON WebSocket (/ws/plain) as a Swift or Python app
// would write one with any WebSocket library. Every frame it receives is checked against the
// protocol's schemas, the ones the AsyncAPI document is made from.
import { WebSocket } from "ws";
import { eventFrames, serverFrames } from "@/server/plain-socket/protocol";
import { waitFor } from "./harness";

export type PlainFrame = { type: string; id?: string; data: Record<string, unknown> & { [key: string]: unknown } };

export type PlainClient = {
  readonly frames: PlainFrame[];
  /** Frames that matched no schema of the protocol (should stay empty). */
  readonly strays: unknown[];
  send(frame: unknown): void;
  sendText(text: string): void;
  until(predicate: (frames: PlainFrame[]) => boolean, what?: string): Promise<PlainFrame[]>;
  /** Resolves with the close code and reason, once the server closed it. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
};

export async function openPlain(url: string, headers: Record<string, string> = {}): Promise<PlainClient> {
  const socket = new WebSocket(url, { headers });
  const frames: PlainFrame[] = [];
  const strays: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on("message", (raw) => {
    const frame = JSON.parse(raw.toString()) as PlainFrame;
    const schemas = frame.id !== undefined ? eventFrames : serverFrames;
    const schema = (schemas as Record<string, { safeParse(value: unknown): { success: boolean } }>)[frame.type];
    if (!schema?.safeParse(frame).success) strays.push(frame);
    frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    frames,
    strays,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendText: (text) => socket.send(text),
    async until(predicate, what = "the expected frames") {
      await waitFor(() => predicate(frames), what, () => JSON.stringify(frames.map((f) => f.type)));
      return frames;
    },
    closed,
    async close() {
      if (socket.readyState === socket.CLOSED) return;
      socket.close();
      await closed;
    },
  };
}

/** Opens a socket, signs in with the auth frame and waits for `ready`. */
export async function signInPlain(url: string, token: string, lastEventId?: string): Promise<PlainClient> {
  const client = await openPlain(url);
  client.send({ type: "auth", data: lastEventId ? { token, lastEventId } : { token } });
  await client.until((frames) => frames.some((f) => f.type === "ready"), "ready");
  return client;
}

/** The message:new events' contents a client received, in order (duplicates kept). */
export function contentsOf(client: PlainClient, chatId: string): string[] {
  return client.frames.flatMap((f) => {
    const message = f.data.message as { content?: string; kind?: string } | undefined;
    return f.type === "message:new" && f.data.chatId === chatId && message?.kind !== "system" ? [message?.content ?? ""] : [];
  });
}

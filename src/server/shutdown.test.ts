// What clients see while the server shuts down, on raw connections: a request in flight gets
// its answer and Connection: close; a request that arrives on a kept-alive connection after
// the shutdown began gets 503 with Retry-After and Connection: close; a WebSocket that never
// answers the 4007 close is cut off, so the shutdown does not wait for it.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createRelayServer } from "@/server/app";
import { CloseCode, ConnectionRegistry } from "@/server/connections";
import { MemoryEventBus } from "@/server/events/bus";
import { createTestWorld, type TestWorld, waitFor } from "@/server/testing/harness";

let world: TestWorld;

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(async () => {
  await world?.close();
});

async function startServer() {
  const connections = new ConnectionRegistry();
  const relay = createRelayServer({ database: world.database, bus: new MemoryEventBus(), connections });
  const port = await relay.listen(0, "127.0.0.1");
  return { relay, port, connections };
}

/** A raw TCP connection that records everything the server sends until it closes. */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    closed,
    received: () => received,
    text: () => received.toString("latin1"),
    waitFor: (what: string, predicate: () => boolean) => waitFor(predicate, what, () => received.toString("latin1")),
  };
}

test("a request in flight finishes with Connection: close; a new one on a kept-alive connection gets 503", async () => {
  const { relay, port } = await startServer();

  // A kept-alive connection that has served one request and is starting its next one.
  const kept = await rawConnection(port);
  kept.socket.write("GET /api/health/live HTTP/1.1\r\nHost: relay\r\n\r\n");
  await kept.waitFor("the first answer", () => kept.text().includes('{"status":"ok"}'));
  kept.socket.write("GET /api/health HTTP/1.1\r\nHost: relay\r\n");

  // A registration whose body is still on its way.
  const body = JSON.stringify({
    json: { username: `uma_${randomBytes(3).toString("hex")}`, firstName: "Uma", lastName: "Tester", age: 30, password: "secret-password" },
  });
  const inFlight = await rawConnection(port);
  const handled = new Promise((resolve) => relay.server.once("request", resolve));
  inFlight.socket.write(
    `POST /api/trpc/auth.register HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
  );
  await handled;

  const stopped = relay.shutdown();
  kept.socket.write("\r\n");
  inFlight.socket.write(body.slice(10));
  await Promise.all([kept.closed, inFlight.closed, stopped]);

  const [first, second] = kept.text().split(/(?=HTTP\/1\.1 )/);
  expect(first).toMatch(/^HTTP\/1\.1 200/);
  expect(second).toMatch(/^HTTP\/1\.1 503/);
  expect(second).toMatch(/\r\nConnection: close\r\n/i);
  expect(second).toMatch(/\r\nRetry-After: 1\r\n/i);
  expect(second).toContain('{"status":"shutting-down"}');

  expect(inFlight.text()).toMatch(/^HTTP\/1\.1 200/);
  expect(inFlight.text()).toMatch(/\r\nConnection: close\r\n/i);
  expect(inFlight.text()).toContain('"token"');
});

test("a WebSocket that never answers the 4007 close is cut off, and the shutdown completes", async () => {
  const { relay, port, connections } = await startServer();
  const vera = await world.signUp();

  const socket = await rawConnection(port);
  socket.socket.write(
    [
      `GET /ws?token=${encodeURIComponent(vera.token)} HTTP/1.1`,
      "Host: relay",
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
      "Sec-WebSocket-Version: 13",
      "",
      "",
    ].join("\r\n"),
  );
  await socket.waitFor("the upgrade", () => socket.text().startsWith("HTTP/1.1 101"));
  await waitFor(() => connections.isOnline(vera.user.id), "the socket to be signed in");
  const handshakeLength = socket.text().indexOf("\r\n\r\n") + 4;

  // This client reads but never answers: it does not send its close frame back.
  await Promise.all([relay.shutdown(), socket.closed]);

  const close = framesOf(socket.received().subarray(handshakeLength)).find((frame) => frame.opcode === 8);
  expect(close?.payload.readUInt16BE(0)).toBe(CloseCode.serverShutdown);
});

/** The WebSocket frames a server sent (unmasked; payloads under 64 KB). */
function framesOf(bytes: Buffer) {
  const frames: { opcode: number; payload: Buffer }[] = [];
  for (let at = 0; at + 2 <= bytes.length; ) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    }
    frames.push({ opcode, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

// The AsyncAPI document's structure: AsyncAPI 3.0 with one channel, a message for every frame
// either side may send, each in an operation of the right direction, and every reference
// resolving. Its payloads come from the schemas the server reads frames with.
import { expect, test } from "vitest";
import { asyncApiDocument } from "./asyncapi";
import { clientFrameData, EVENT_TYPES, PLAIN_SOCKET_PATH, serverFrameData } from "./protocol";

type Ref = { $ref: string };
type Doc = {
  asyncapi: string;
  info: { title: string; version: string };
  servers: Record<string, { host: string; protocol: string; pathname: string }>;
  channels: Record<string, { address: string; messages: Record<string, { name: string; summary?: string; payload: JsonSchema }> }>;
  operations: Record<string, { action: string; channel: Ref; messages: Ref[] }>;
};
type JsonSchema = { type?: string; properties?: Record<string, JsonSchema & { const?: string }>; required?: string[] };

const doc = asyncApiDocument() as unknown as Doc;

/** Follows a local `#/…` reference through the document. */
function resolve(ref: Ref): unknown {
  expect(ref.$ref.startsWith("#/")).toBe(true);
  return ref.$ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

test("it is AsyncAPI 3.0.0 with the server and the /ws/plain channel", () => {
  expect(doc.asyncapi).toBe("3.0.0");
  expect(doc.info.title).toBeTruthy();
  expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(Object.values(doc.servers)[0]).toMatchObject({ protocol: "ws", pathname: PLAIN_SOCKET_PATH });
  expect(Object.keys(doc.channels)).toEqual(["plain"]);
  expect(doc.channels.plain!.address).toBe(PLAIN_SOCKET_PATH);
});

test("every frame type either side sends has its message, named by its type, whose payload fixes that type", () => {
  const messages = doc.channels.plain!.messages;
  const names = (prefix: string) =>
    Object.entries(messages)
      .filter(([key]) => key.startsWith(`${prefix}.`))
      .map(([, message]) => message.name);
  expect(names("client").sort()).toEqual(Object.keys(clientFrameData).sort());
  expect(names("server").sort()).toEqual(Object.keys(serverFrameData).sort());
  expect(names("event").sort()).toEqual([...EVENT_TYPES].sort());
  for (const [key, message] of Object.entries(messages)) {
    expect(key).toMatch(/^[\w.-]+$/); // AsyncAPI's pattern for the keys of a map of messages
    expect(message.summary).toBeTruthy();
    expect(message.payload.type).toBe("object");
    expect(message.payload.properties!.type!.const).toBe(message.name);
    expect(message.payload.required).toEqual(expect.arrayContaining(key.startsWith("event.") ? ["id", "type", "data"] : ["type", "data"]));
  }
});

test("the server receives every client frame and sends every other; each reference resolves into the channel", () => {
  const messages = doc.channels.plain!.messages;
  const byAction = { receive: new Set<string>(), send: new Set<string>() };
  for (const operation of Object.values(doc.operations)) {
    expect(["send", "receive"]).toContain(operation.action);
    expect(resolve(operation.channel)).toBe(doc.channels.plain);
    for (const ref of operation.messages) {
      expect(ref.$ref.startsWith("#/channels/plain/messages/")).toBe(true);
      const message = resolve(ref);
      expect(message).toBeDefined();
      const key = Object.entries(messages).find(([, m]) => m === message)![0];
      byAction[operation.action as "send" | "receive"].add(key);
    }
  }
  const keys = Object.keys(messages);
  expect([...byAction.receive].sort()).toEqual(keys.filter((k) => k.startsWith("client.")).sort());
  expect([...byAction.send].sort()).toEqual(keys.filter((k) => !k.startsWith("client.")).sort());
});

test("payloads say what the server checks: message:send needs chatId and tempId, with messages.send's bounds", () => {
  const send = doc.channels.plain!.messages["client.message_send"]!.payload.properties!.data as JsonSchema & {
    properties: Record<string, { maxLength?: number; pattern?: string }>;
  };
  expect(send.required).toEqual(expect.arrayContaining(["chatId", "tempId"]));
  expect(send.properties.content!.maxLength).toBe(4000);
  expect(send.properties.tempId!.pattern).toBeTruthy();
  expect(send.properties).not.toHaveProperty("clientId");
  const auth = doc.channels.plain!.messages["client.auth"]!.payload.properties!.data as JsonSchema;
  expect(Object.keys(auth.properties!)).toEqual(expect.arrayContaining(["token", "lastEventId"]));
});

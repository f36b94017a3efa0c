// The REST API on the real server and database, called with plain fetch as a developer's
// client would: a whole conversation, files and a call, then the refusals of every route.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type FileServer, startFileServer, upload } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";
import { rest } from "./rest-client";

type Person = { user: { id: string; username: string }; token: string };
type Page<T> = { items: T[]; nextCursor: string | null };
type Message = { id: string; content: string; seq: number; attachments: { id: string }[]; reactions: { emoji: string; myReactionId: string | null }[] };

let server: FileServer;
const call = <T = unknown>(method: string, path: string, options: Parameters<typeof rest>[3] = {}) => rest<T>(server.base, method, path, options);

beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server?.close());

let counter = 0;
async function register(firstName: string): Promise<Person> {
  counter += 1;
  const username = `${firstName.toLowerCase()}${counter}${Date.now() % 10_000}`;
  const answer = await call<Person>("POST", "/auth/register", { body: { username, firstName, lastName: "Rest", age: 30, password: "secret-password" } });
  expect(answer.status).toBe(200);
  return answer.body;
}

test("a client walks through Relay over REST alone", async () => {
  const ann = await register("Ann");
  const ben = await register("Ben");
  // Registration answers the profile and its session token, and nothing secret besides.
  expect(Object.keys(ann).sort()).toEqual(["token", "user"]);
  expect(JSON.stringify(ann.user)).not.toMatch(/password|hash/i);

  const found = await call<{ items: { id: string }[] }>("GET", "/users/search", { token: ann.token, query: { q: ben.user.username } });
  expect(found.status).toBe(200);
  expect(found.body.items.map((u) => u.id)).toContain(ben.user.id);

  const chat = await call<{ id: string; peer: { id: string } }>("POST", "/chats/direct", { token: ann.token, body: { userId: ben.user.id } });
  expect(chat.status).toBe(200);
  expect(chat.body.peer.id).toBe(ben.user.id);
  const chatId = chat.body.id;

  for (const content of ["one", "two", "three"]) {
    const sent = await call<Message>("POST", "/messages/send", { token: ann.token, body: { chatId, content } });
    expect(sent.status).toBe(200);
    expect(sent.body.content).toBe(content);
  }
  // Ben pages back through the history, newest first, two at a time.
  const first = await call<Page<Message>>("GET", `/chats/${chatId}/messages`, { token: ben.token, query: { limit: 2 } });
  expect(first.status).toBe(200);
  expect(first.body.items.map((m) => m.content)).toEqual(["three", "two"]);
  const second = await call<Page<Message>>("GET", `/chats/${chatId}/messages`, { token: ben.token, query: { limit: 2, cursor: first.body.nextCursor! } });
  expect(second.body.items.map((m) => m.content)).toEqual(["one"]);

  const [emoji] = (await call<{ quick: string[]; anyEmoji: boolean }>("GET", "/reactions", { token: ben.token })).body.quick;
  const messageId = first.body.items[0]!.id;
  const reacted = await call<{ id: string; emoji: string }>("POST", `/messages/${messageId}/reactions`, { token: ben.token, body: { emoji } });
  expect(reacted.status).toBe(200);
  expect(reacted.body.emoji).toBe(emoji);
  const seen = await call<Message>("GET", `/messages/${messageId}`, { token: ben.token });
  expect(seen.body.reactions).toEqual([expect.objectContaining({ emoji, myReactionId: reacted.body.id })]);
  const removed = await call("DELETE", `/messages/${messageId}/reactions/${reacted.body.id}`, { token: ben.token });
  expect(removed.status).toBe(200);
  expect((await call<Message>("GET", `/messages/${messageId}`, { token: ben.token })).body.reactions).toEqual([]);

  // A file: uploaded as multipart, sent, described, and downloaded whole and in part.
  const bytes = sample.pdf();
  const uploaded = await upload(server.base, ann.token, { bytes, name: "notes.pdf", type: "application/pdf" });
  expect(uploaded.status).toBe(201);
  const file = (await uploaded.json()) as { id: string; url: string };
  const withFile = await call<Message>("POST", "/messages/send", { token: ann.token, body: { chatId, attachments: [file.id] } });
  expect(withFile.body.attachments.map((f) => f.id)).toEqual([file.id]);
  expect((await call<{ id: string; name: string }>("GET", `/files/${file.id}`, { token: ben.token })).body.name).toBe("notes.pdf");
  const whole = await fetch(`${server.base}${file.url}`, { headers: { authorization: `Bearer ${ben.token}` } });
  expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
  const part = await fetch(`${server.base}${file.url}`, { headers: { authorization: `Bearer ${ben.token}`, range: "bytes=0-9" } });
  expect(part.status).toBe(206);
  expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 10))).toBe(true);

  const ringing = await call<{ id: string; status: string }>("POST", "/calls/initiate", { token: ann.token, body: { chatId, type: "audio" } });
  expect(ringing.status).toBe(200);
  expect(ringing.body.status).toBe("ringing");
  expect((await call<{ id: string } | null>("GET", "/calls/current", { token: ben.token })).body?.id).toBe(ringing.body.id);
  const ended = await call<{ status: string }>("POST", `/calls/${ringing.body.id}/end`, { token: ann.token });
  expect(ended.status).toBe(200);
  expect(ended.body.status).not.toBe("ringing");
  expect((await call("GET", "/calls/current", { token: ben.token })).body).toBeNull();

  // Admin statistics: refused to a member, answered to an admin.
  expect((await call<{ code: string }>("GET", "/admin/stats", { token: ann.token })).body.code).toBe("FORBIDDEN");
  await server.world.makeAdmin(ann as TestUser); // only its user id is read
  const stats = await call<{ users: number; messages: number }>("GET", "/admin/stats", { token: ann.token });
  expect(stats.status).toBe(200);
  expect(stats.body.users).toBeGreaterThanOrEqual(2);
  expect(stats.body.messages).toBeGreaterThanOrEqual(4);
});

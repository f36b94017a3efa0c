// Every REST route on the real server: each answers a well-formed request (none is missing or
// fails), refuses a caller without a token (401), hides other people's objects (404) and
// answers bad input with 400 and the fields at fault. The routes are read from the OpenAPI
// document, so a documented route without a working procedure fails here.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { restRoutes, type RestProcedure } from "@/server/api/rest-meta";
import { type FileServer, startFileServer, uploaded } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";
import { generateDeviceKeys, newPrekey, publicBundle, publishPrekey, sealMessage } from "@/lib/secure";
import { openApiDocument } from "./openapi";
import { rest } from "./rest-client";

type Who = "ann" | "ben" | "spare" | "outsider";
/** A request of a route: who calls, its path parameters and its input (query or JSON body). */
type Sample = { who?: Who; params?: Record<string, string>; input?: Record<string, unknown>; bad: Record<string, unknown> | "param" | null };

let server: FileServer;
let people: Record<Who, TestUser>;
let samples: Record<RestProcedure, Sample>;
let fresh = 0;

const LONG_ID = "x".repeat(65);
const pushEndpoint = "https://push.example.com/send/rest-sample";
/** A browser's push subscription key: a P-256 public key. */
const BROWSER_PUSH_KEY = "BC4zWdN7jz1SpqoUVYNHF1X9dDUkUROupG6izm95Q1j2rvHD9ZEsLkmtcgvSWtrgq15zBo8490D7OmaYSaldVNc";
const fromQuery = (procedure: RestProcedure) => ["GET", "DELETE"].includes(restRoutes[procedure].method);

function request(procedure: RestProcedure, who: Who | null, params: Record<string, string>, input: Record<string, unknown> | undefined) {
  const route = restRoutes[procedure];
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "missing"));
  const token = who ? people[who].token : null;
  if (fromQuery(procedure)) return rest(server.base, route.method, path, { token, query: input as Record<string, string> });
  return rest(server.base, route.method, path, { token, body: input ?? {} });
}

beforeAll(async () => {
  server = await startFileServer();
  const { world } = server;
  const [member, ben, cara, spare, outsider] = [await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp(), await world.signUp()];
  const ann = await world.makeAdmin(member);
  people = { ann, ben, spare, outsider };
  const chat = await ann.api.chats.openDirect({ userId: ben.user.id });
  const groupId = await world.group(ann, [ben, cara]);
  const message = await ann.api.messages.send({ chatId: chat.id, content: "hello" });
  const reaction = await ben.api.reactions.add({ messageId: message.id, emoji: (await ben.api.reactions.available()).quick[0]! });
  const file = await uploaded(server.base, ann.token, { bytes: sample.taggedWav(1, { title: "Song", artist: "Band", album: "LP" }), name: "song.wav", type: "audio/wav" });
  await ann.api.messages.send({ chatId: chat.id, attachments: [file.id] });
  const poll = await ann.api.polls.create({ chatId: chat.id, question: "Lunch?", options: ["Soup", "Salad"] });
  const pollId = poll.poll!.id;
  const optionId = poll.poll!.options[0]!.id;
  const later = () => ann.api.messages.send({ chatId: chat.id, content: "later", scheduledFor: new Date(Date.now() + 3_600_000) });
  const [scheduled, scheduledToCancel] = [await later(), await later()];
  const report = await ben.api.messages.report({ messageId: message.id, reason: "Spam" });
  const { reportId } = (await ann.api.admin.reports()).items[0]!;
  const call = await ann.api.calls.initiate({ chatId: chat.id, type: "audio" });
  const [session] = await spare.api.auth.sessions();
  const ids = { chatId: chat.id, messageId: message.id, fileId: file.id, pollId, callId: call.id };
  // Secure devices: one of ann's to rotate, one to revoke, and the keys of a new one.
  const rotating = await generateDeviceKeys();
  const { device } = await ann.api.keys.registerDevice({ name: "Laptop", ...(await publicBundle(rotating)) });
  const nextPrekey = await publishPrekey(rotating.identity, await newPrekey(rotating.identity, 2));
  const { device: revoking } = await ann.api.keys.registerDevice({ name: "Old phone", ...(await publicBundle(await generateDeviceKeys())) });
  const newDevice = { name: "Tablet", ...(await publicBundle(await generateDeviceKeys())) };
  const { device: bensDevice } = await ben.api.keys.registerDevice({ name: "Phone", ...(await publicBundle(await generateDeviceKeys())) });
  const envelope = await sealMessage({
    chatId: chat.id,
    text: "sealed",
    senderDeviceId: device.id,
    identity: rotating.identity,
    recipients: [device, revoking, bensDevice],
  });
  expect(report.id).toBeTruthy();

  samples = {
    "auth.register": {
      get input() {
        return { username: `new_${(fresh += 1)}_${Date.now() % 1e6}`, firstName: "New", lastName: "Person", age: 30, password: "secret-password" };
      },
      bad: { age: "old" },
    },
    "auth.login": { input: { username: ben.user.username, password: ben.password }, bad: { username: 5 } },
    "auth.me": { bad: null },
    "auth.logout": { who: "spare", bad: null },
    "auth.sessions": { bad: null },
    "auth.revokeSession": { who: "spare", params: { sessionId: session!.id }, bad: "param" },
    "auth.revokeOtherSessions": { who: "ben", bad: null },
    "users.byId": { params: { userId: ben.user.id }, bad: "param" },
    "users.updateMe": { input: { bio: "Hi there" }, bad: { firstName: 7 } },
    "users.search": { input: { q: "user" }, bad: { q: "" } },
    "chats.list": { input: { limit: 10 }, bad: { limit: 0 } },
    "chats.openDirect": { input: { userId: cara.user.id }, bad: { userId: 5 } },
    "chats.createGroup": { input: { title: "Climbers", memberIds: [ben.user.id] }, bad: { title: "" } },
    "chats.openSupport": { who: "ben", input: {}, bad: { subject: 5 } },
    "chats.openContext": { input: { contextType: "order", contextId: "42", memberIds: [ben.user.id] }, bad: { contextType: "Not Valid" } },
    "chats.stats": { bad: null },
    "chats.info": { params: { chatId: ids.chatId }, bad: "param" },
    "chats.update": { params: { chatId: groupId }, input: { title: "Walkers" }, bad: "param" },
    "chats.delete": { params: { chatId: groupId }, bad: "param" },
    "chats.archive": { params: { chatId: ids.chatId }, input: { archived: false }, bad: "param" },
    "chats.addMembers": { params: { chatId: groupId }, input: { userIds: [spare.user.id] }, bad: "param" },
    "chats.removeMember": { params: { chatId: groupId, userId: cara.user.id }, bad: "param" },
    "chats.setMemberRole": { params: { chatId: groupId, userId: ben.user.id }, input: { role: "admin" }, bad: "param" },
    "chats.setDisappearing": { params: { chatId: ids.chatId }, input: { seconds: null }, bad: "param" },
    "chats.setSecureDefault": { params: { chatId: ids.chatId }, input: { secure: true }, bad: "param" },
    "chats.leave": { who: "ben", params: { chatId: groupId }, bad: "param" },
    "chats.files": { params: { chatId: ids.chatId }, input: { kind: "audio" }, bad: "param" },
    "chats.setTyping": { params: { chatId: ids.chatId }, input: { typing: true }, bad: "param" },
    "messages.list": { params: { chatId: ids.chatId }, input: { limit: 5 }, bad: "param" },
    "messages.pinned": { params: { chatId: ids.chatId }, bad: "param" },
    "messages.markRead": { who: "ben", params: { chatId: ids.chatId }, input: {}, bad: "param" },
    "messages.send": { input: { chatId: ids.chatId, content: "again" }, bad: { content: "" } },
    "messages.sendSecure": { input: { chatId: ids.chatId, clientId: "rest-secure-1", envelope }, bad: { clientId: "" } },
    "messages.search": { input: { q: "hello" }, bad: { q: "" } },
    "messages.scheduled": { input: { chatId: ids.chatId }, bad: { chatId: LONG_ID } },
    "messages.editScheduled": { params: { id: scheduled.id }, input: { content: "much later" }, bad: "param" },
    "messages.cancelScheduled": { params: { id: scheduledToCancel.id }, bad: "param" },
    "messages.sendScheduledNow": { params: { id: scheduled.id }, bad: "param" },
    "messages.byId": { params: { messageId: ids.messageId }, bad: "param" },
    "messages.edit": { params: { messageId: ids.messageId }, input: { content: "hello!" }, bad: "param" },
    "messages.delete": { params: { messageId: ids.messageId }, input: { scope: "me" }, bad: "param" },
    "messages.forward": { params: { messageId: ids.messageId }, input: { toChatIds: [groupId] }, bad: "param" },
    "messages.pin": { params: { messageId: ids.messageId }, input: { pinned: true }, bad: "param" },
    "messages.receipts": { params: { messageId: ids.messageId }, bad: "param" },
    "messages.report": { who: "ben", params: { messageId: ids.messageId }, input: { reason: "Rude" }, bad: "param" },
    "reactions.available": { bad: null },
    "reactions.add": { params: { messageId: ids.messageId }, input: { emoji: (await ann.api.reactions.available()).quick[1]! }, bad: "param" },
    "reactions.remove": { who: "ben", params: { messageId: ids.messageId, reactionId: reaction.id }, bad: "param" },
    "polls.create": { input: { chatId: ids.chatId, question: "Tea?", options: ["Yes", "No"] }, bad: { question: "" } },
    "polls.vote": { who: "ben", params: { pollId }, input: { optionIds: [optionId] }, bad: "param" },
    "polls.close": { params: { pollId }, bad: "param" },
    "polls.voters": { params: { pollId }, input: { optionId }, bad: "param" },
    "calls.initiate": { input: { chatId: ids.chatId, type: "audio" }, bad: { type: "hologram" } },
    "calls.history": { input: { limit: 5 }, bad: { limit: 0 } },
    "calls.current": { bad: null },
    "calls.config": { bad: null },
    "calls.answer": { who: "ben", params: { callId: ids.callId }, bad: "param" },
    "calls.reject": { who: "ben", params: { callId: ids.callId }, bad: "param" },
    "calls.end": { params: { callId: ids.callId }, bad: "param" },
    "calls.signal": { params: { callId: ids.callId }, input: { signal: { type: "offer", sdp: "v=0" } }, bad: "param" },
    "files.byId": { params: { fileId: ids.fileId }, bad: "param" },
    "files.extractMetadata": { params: { fileId: ids.fileId }, bad: "param" },
    "keys.registerDevice": { input: newDevice, bad: { name: "" } },
    "keys.devices": { bad: null },
    "keys.rotatePrekey": { params: { deviceId: device.id }, input: { prekey: nextPrekey }, bad: "param" },
    "keys.revoke": { params: { deviceId: revoking.id }, bad: "param" },
    "keys.bundles": { params: { chatId: ids.chatId }, bad: "param" },
    "push.publicKey": { bad: null },
    "push.subscribe": { input: { endpoint: pushEndpoint, keys: { p256dh: BROWSER_PUSH_KEY, auth: "a".repeat(22) } }, bad: { endpoint: "https://10.0.0.1/push" } },
    "push.unsubscribe": { input: { endpoint: pushEndpoint }, bad: { endpoint: "not an address" } },
    "music.all": { input: { limit: 10 }, bad: { limit: 0 } },
    "admin.stats": { bad: null },
    "admin.users": { input: { q: "user" }, bad: { limit: 0 } },
    "admin.ban": { params: { userId: cara.user.id }, input: { reason: "Spam" }, bad: "param" },
    "admin.unban": { params: { userId: cara.user.id }, input: {}, bad: "param" },
    "admin.setRole": { params: { userId: cara.user.id }, input: { role: "user" }, bad: "param" },
    "admin.disconnect": { params: { userId: cara.user.id }, bad: "param" },
    "admin.messages": { input: { q: "hello" }, bad: { limit: 0 } },
    "admin.deleteMessage": { params: { messageId: ids.messageId }, input: { reason: "Spam" }, bad: "param" },
    "admin.reactions": { input: { limit: 5 }, bad: { limit: 0 } },
    "admin.reports": { input: { status: "open" }, bad: { status: "maybe" } },
    "admin.resolveReport": { params: { reportId }, input: { action: "dismiss" }, bad: "param" },
    "admin.auditLog": { input: { limit: 5 }, bad: { limit: 0 } },
  };
});
afterAll(() => server?.close());

describe("refusals", () => {
  test("without a token every route but signing up and in answers 401", async () => {
    const wrong: string[] = [];
    for (const procedure of Object.keys(restRoutes) as RestProcedure[]) {
      const { params = {}, input } = samples[procedure];
      const answer = await request(procedure, null, params, input);
      const expected = restRoutes[procedure].public ? [200, 429] : [401];
      if (!expected.includes(answer.status)) wrong.push(`${procedure}: ${answer.status}`);
      if (answer.status === 401) expect(answer.body).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });
    }
    expect(wrong).toEqual([]);
  });

  test("someone outside the object finds nothing there (404)", async () => {
    const objectRoutes = (Object.keys(restRoutes) as RestProcedure[]).filter(
      (p) => samples[p].params && !p.startsWith("admin.") && p !== "users.byId" && p !== "auth.revokeSession",
    );
    const wrong: string[] = [];
    for (const procedure of objectRoutes) {
      const { params = {}, input } = samples[procedure];
      const answer = await request(procedure, "outsider", params, input);
      if (answer.status !== 404) wrong.push(`${procedure}: ${answer.status} ${JSON.stringify(answer.body)}`);
      else expect(answer.body).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(wrong).toEqual([]);
  });

  test("a member sees another's session as absent, and admin routes are forbidden to members (403)", async () => {
    const session = samples["auth.revokeSession"].params!;
    expect((await request("auth.revokeSession", "outsider", session, undefined)).status).toBe(404);
    for (const procedure of (Object.keys(restRoutes) as RestProcedure[]).filter((p) => p.startsWith("admin."))) {
      const { params = {}, input } = samples[procedure];
      const answer = await request(procedure, "outsider", params, input);
      expect([procedure, answer.status]).toEqual([procedure, 403]);
    }
  });

  test("bad input answers 400 with the fields at fault", async () => {
    const wrong: string[] = [];
    for (const procedure of Object.keys(restRoutes) as RestProcedure[]) {
      const { params = {}, input, bad } = samples[procedure];
      if (bad === null) continue;
      const badParams = bad === "param" ? Object.fromEntries(Object.keys(params).map((k) => [k, LONG_ID])) : params;
      const answer = await request(procedure, "ann", badParams, bad === "param" ? input : { ...input, ...bad });
      const body = answer.body as { code?: string; fieldErrors?: Record<string, string[]> | null };
      const field = bad === "param" ? Object.keys(params)[0]! : Object.keys(bad)[0]!;
      if (answer.status !== 400 || body.code !== "BAD_REQUEST" || !body.fieldErrors?.[field]?.length) {
        wrong.push(`${procedure}: ${answer.status} ${JSON.stringify(body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("malformed paths and bodies are refused, never failing", async () => {
    const token = people.ann.token;
    expect((await fetch(`${server.base}/api/v1/chats/%zz/messages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    expect((await fetch(`${server.base}/api/v1/chats/a%2Fb/messages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect((await rest(server.base, "GET", "/no/such/route", { token })).status).toBe(404);
    const wrongMethod = await rest(server.base, "PUT", "/messages/send", { token, body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    const notJson = await fetch(`${server.base}/api/v1/messages/send`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{oops" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: "BAD_REQUEST" });
    const text = JSON.stringify(await (await fetch(`${server.base}/api/v1/chats/%zz`)).json());
    expect(text).not.toMatch(/stack|at .*\.ts/);
  });
});

// Last: it ends calls, deletes the group and signs people out.
/** Routes that end something the others need run last (and the order among them matters). */
const LAST: RestProcedure[] = [
  "push.unsubscribe",
  "calls.answer", "calls.signal", "calls.reject", "calls.end",
  "messages.sendScheduledNow", "messages.cancelScheduled",
  "reactions.remove", "admin.resolveReport", "admin.deleteMessage", "messages.delete",
  "chats.removeMember", "chats.leave", "chats.delete",
  "admin.disconnect", "admin.ban", "admin.unban",
  "auth.revokeSession", "auth.revokeOtherSessions", "auth.logout",
];

test("every route of the document answers a well-formed request", async () => {
  const operations = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { operationId: string }>).map(([method, op]) => ({ path, method, name: op.operationId })),
  );
  const procedures = operations.filter((op) => op.path.startsWith("/api/v1/")).map((op) => op.name as RestProcedure);
  expect(new Set(procedures)).toEqual(new Set(Object.keys(restRoutes)));
  const ordered = [...procedures.filter((p) => !LAST.includes(p)), ...LAST];
  const failures: string[] = [];
  for (const procedure of ordered) {
    const { who = "ann", params = {}, input } = samples[procedure];
    const answer = await request(procedure, who, params, input);
    // Refusals of the object's state (a call already ended: CONFLICT) are answers; missing routes or failures are not.
    if (answer.status === 404 || answer.status === 405 || answer.status >= 500 || answer.status === 400) {
      failures.push(`${procedure}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
  expect(failures).toEqual([]);
});

// Text a person cannot type (NUL, other control characters, half a surrogate pair) is refused
// at the door with an error on its field, never passed on to PostgreSQL (which refuses NUL in
// text and jsonb, and would answer with an error naming the query and its parameters).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";
import { serveWorld } from "@/server/testing/serve-world";

let world: TestWorld;
let ann: TestUser;
let admin: TestUser;
let chatId: string;
let messageId: string;

beforeAll(async () => {
  world = await createTestWorld();
  const { a, chatId: direct } = await world.directChat();
  ann = a;
  chatId = direct;
  messageId = (await ann.api.messages.send({ chatId, content: "hello" })).id;
  admin = await world.makeAdmin(await world.signUp());
});
afterAll(() => world?.close());

const NUL = "a\u0000b";
const registration = { username: "nul_tester", firstName: "Nul", lastName: "Tester", age: 30, password: "secret-password" };

/** [what, the call, the field that must carry the error, what its error says] */
const cases: [string, () => Promise<unknown>, string, RegExp?][] = [
  ["a message", () => ann.api.messages.send({ chatId, content: NUL }), "content"],
  ["an edited message", () => ann.api.messages.edit({ messageId, content: NUL }), "content"],
  ["a search for people", () => ann.api.users.search({ q: NUL }), "q"],
  ["a search of chats", () => ann.api.chats.list({ q: NUL }), "q"],
  ["a first name at registration", () => world.anonymous.auth.register({ ...registration, firstName: NUL }), "firstName"],
  ["a last name at registration", () => world.anonymous.auth.register({ ...registration, lastName: NUL }), "lastName"],
  ["a bio at registration", () => world.anonymous.auth.register({ ...registration, bio: NUL }), "bio"],
  ["a username at registration", () => world.anonymous.auth.register({ ...registration, username: "ab\u0000c" }), "username", /only letters, digits/],
  ["a username at sign-in", () => world.anonymous.auth.login({ username: NUL, password: "secret-password" }), "username"],
  ["a new password", () => world.anonymous.auth.register({ ...registration, password: "secret\u0000password" }), "password"],
  ["a changed first name", () => ann.api.users.updateMe({ firstName: NUL }), "firstName"],
  ["a changed bio", () => ann.api.users.updateMe({ bio: NUL }), "bio"],
  ["a group title", () => ann.api.chats.createGroup({ title: NUL, memberIds: [admin.user.id] }), "title"],
  ["a renamed group", () => ann.api.chats.update({ chatId, title: NUL }), "title"],
  ["a value in group metadata", () => ann.api.chats.createGroup({ title: "G", memberIds: [admin.user.id], metadata: { note: NUL } }), "metadata"],
  ["a key in group metadata", () => ann.api.chats.createGroup({ title: "G", memberIds: [admin.user.id], metadata: { [NUL]: 1 } }), "metadata"],
  ["a nested value in group metadata", () => ann.api.chats.createGroup({ title: "G", memberIds: [admin.user.id], metadata: { a: [{ b: NUL }] } }), "metadata"],
  ["a report's reason", () => ann.api.messages.report({ messageId, reason: NUL }), "reason"],
  ["a support subject", () => ann.api.chats.openSupport({ subject: NUL }), "subject"],
  ["a support opening message", () => ann.api.chats.openSupport({ initialMessage: NUL }), "initialMessage"],
  ["a context id", () => ann.api.chats.openContext({ contextType: "order", contextId: NUL }), "contextId"],
  ["an id", () => ann.api.messages.byId({ messageId: NUL }), "messageId"],
  ["a cursor", () => ann.api.chats.list({ cursor: NUL }), "cursor"],
  ["an admin's ban reason", () => admin.api.admin.ban({ userId: ann.user.id, reason: NUL }), "reason"],
  ["an admin's search of people", () => admin.api.admin.users({ q: NUL }), "q"],
  ["an admin's search of messages", () => admin.api.admin.messages({ q: NUL }), "q"],
];

describe("a NUL byte is refused on its field", () => {
  test.each(cases)("in %s", async (_what, call, field, says = /control characters/) => {
    const refused = await refusal(call());
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fieldErrors?.[field]?.[0]).toMatch(says);
    expect(refused.message).not.toMatch(/insert|select|update|params/i);
  });
});

test("one-line fields refuse line breaks and tabs; text keeps them", async () => {
  expect((await refusal(ann.api.users.updateMe({ firstName: "Ann\nMarie" }))).fieldErrors?.firstName?.[0]).toMatch(/line breaks/);
  expect((await refusal(ann.api.chats.update({ chatId, title: "a\tb" }))).code).toBe("BAD_REQUEST");
  const sent = await ann.api.messages.send({ chatId, content: "line one\n\tline two\r\nline three" });
  expect(sent.content).toBe("line one\n\tline two\r\nline three");
  expect((await ann.api.users.updateMe({ bio: "Hiker.\nReader." })).bio).toBe("Hiker.\nReader.");
});

test("other invisible characters are refused too: ESC, DEL, C1 controls and half a surrogate pair", async () => {
  for (const content of ["a\u001bb", "a\u007fb", "a\u0085b", "a\ud800b", "a\udc00"]) {
    expect((await refusal(ann.api.messages.send({ chatId, content }))).fieldErrors?.content?.[0]).toMatch(/control characters/);
  }
  // A whole surrogate pair is an ordinary character.
  expect((await ann.api.messages.send({ chatId, content: "hi 😀" })).content).toBe("hi 😀");
});

test("a cursor forged to carry a NUL is refused as a cursor this list did not give out", async () => {
  const forged = Buffer.from(JSON.stringify([new Date().toISOString(), NUL])).toString("base64url");
  const refused = await refusal(admin.api.admin.users({ cursor: forged }));
  expect(refused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("cursor") });
});

describe("over HTTP", () => {
  let relay: RelayServer;
  let base: string;
  beforeAll(async () => {
    ({ relay, base } = await serveWorld(world, { connections: new ConnectionRegistry() }));
  });
  afterAll(() => relay?.shutdown());

  test("a registration with a NUL in the bio answers 400 on the field, with no SQL and no password hash", async () => {
    const response = await fetch(`${base}/api/trpc/auth.register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { ...registration, username: "nul_http", bio: "Hi\u0000there" } }),
    });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ error: { json: { data: { code: "BAD_REQUEST", fieldErrors: { bio: [expect.stringMatching(/control characters/)] } } } } });
    expect(body).not.toMatch(/\$argon2|insert into|params:/i);
  });
});

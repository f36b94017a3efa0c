// The plain JSON WebSocket against the real program (a process of its own; on PostgreSQL with
// Redis as the bus, as several instances run): sign-in with the first frame, live events,
// sends confirmed by tempId (and never twice), refusals, resume without loss or repeats, bad
// frames, and the close codes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CloseCode } from "@/lib/close-codes";
import { createServerDatabase, type ServerDatabase, spawnServer, type SpawnedServer } from "@/server/testing/spawned-server";
import { type Person, REDIS_URL, signUp } from "@/server/testing/two-instances";
import { contentsOf, openPlain, type PlainClient, type PlainFrame, signInPlain } from "@/server/testing/plain-client";

let database: ServerDatabase;
let server: SpawnedServer;
let url: string;

beforeAll(async () => {
  database = await createServerDatabase();
  const onPostgres = process.env.RELAY_TEST_DB === "postgres";
  server = await spawnServer(database, { env: onPostgres ? { REDIS_URL } : { REDIS_URL: "" } });
  url = `${server.wsBase}/plain`;
});
afterAll(async () => {
  if (server) await server.stop("SIGTERM").catch(() => server.child.kill("SIGKILL"));
  await database?.drop();
});

const open: PlainClient[] = [];
const signIn = async (person: Person, lastEventId?: string) => {
  const client = await signInPlain(url, person.token, lastEventId);
  open.push(client);
  return client;
};
afterAll(async () => {
  for (const client of open) await client.close();
});

async function twoPeople() {
  const [ann, ben] = [await signUp(server, "ann"), await signUp(server, "ben")];
  const chat = await ann.api(server).chats.openDirect.mutate({ userId: ben.user.id });
  return { ann, ben, chatId: chat.id };
}

const frameOf = (type: string, match: (f: PlainFrame) => boolean = () => true) => (frames: PlainFrame[]) =>
  frames.some((f) => f.type === type && match(f));

describe("sign-in", () => {
  test("the first frame signs in; events sent by someone else over the API arrive as { id, type, data }", async () => {
    const { ann, ben, chatId } = await twoPeople();
    const live = await signIn(ann);
    expect(live.frames[0]).toMatchObject({ type: "ready", data: { userId: ann.user.id } });

    await ben.api(server).messages.send.mutate({ chatId, content: "hello ann" });
    const frames = await live.until(() => contentsOf(live, chatId).includes("hello ann"));
    const event = frames.find((f) => f.type === "message:new")!;
    expect(event.id).toMatch(/^\d+/);
    expect(event.data).toMatchObject({ chatId, message: { content: "hello ann", senderId: ben.user.id } });
    expect(live.strays).toEqual([]);
  });

  test("the upgrade's Authorization header signs in too (the auth frame then needs no token)", async () => {
    const { ann } = await twoPeople();
    const client = await openPlain(url, { authorization: `Bearer ${ann.token}` });
    open.push(client);
    client.send({ type: "auth", data: {} });
    await client.until(frameOf("ready", (f) => f.data.userId === ann.user.id));
  });

  test("a token in the URL is not read: without an auth frame the socket is closed 4001", async () => {
    const { ann } = await twoPeople();
    const client = await openPlain(`${url}?token=${encodeURIComponent(ann.token)}`);
    expect((await client.closed).code).toBe(CloseCode.noToken);
    expect(client.frames).toEqual([]);
  });

  test("a first frame that is not auth closes 4001, an unknown token 4002", async () => {
    const first = await openPlain(url);
    first.send({ type: "typing:start", data: { chatId: "x" } });
    expect((await first.closed).code).toBe(CloseCode.noToken);

    const forged = await openPlain(url);
    forged.send({ type: "auth", data: { token: "not-a-token" } });
    expect((await forged.closed).code).toBe(CloseCode.invalidToken);
  });
});

test("a plain socket counts as a connection: its person is online while it is open", async () => {
  const { ann, ben } = await twoPeople();
  const benLive = await signIn(ben);
  const annLive = await signIn(ann);
  const presence = (online: boolean) => frameOf("presence", (f) => f.data.userId === ann.user.id && f.data.online === online);
  await benLive.until(presence(true), "ann online");
  expect((await ben.api(server).users.byId.query({ userId: ann.user.id })).online).toBe(true);
  await annLive.close();
  await benLive.until(presence(false), "ann offline");
});

test("signing out closes the session's plain sockets with 4006, as it does tRPC's", async () => {
  const { ann } = await twoPeople();
  const live = await signIn(ann);
  await ann.api(server).auth.logout.mutate();
  expect((await live.closed).code).toBe(CloseCode.sessionRevoked);
});

describe("sending", () => {
  test("message:send is confirmed with its tempId, reaches the other person once, and a retry returns the same message", async () => {
    const { ann, ben, chatId } = await twoPeople();
    const [annLive, benLive] = [await signIn(ann), await signIn(ben)];

    const frame = { type: "message:send", data: { chatId, content: "from swift", tempId: "tmp-1" } };
    annLive.send(frame);
    const [sent] = (await annLive.until(frameOf("message:sent"))).filter((f) => f.type === "message:sent");
    expect(sent!.data).toMatchObject({ tempId: "tmp-1", message: { chatId, content: "from swift", senderId: ann.user.id } });
    const messageId = (sent!.data.message as { id: string }).id;
    await benLive.until(() => contentsOf(benLive, chatId).includes("from swift"));

    // The retry (say, after a dropped connection): the original comes back, nothing new is made.
    annLive.send(frame);
    await annLive.until((all) => all.filter((f) => f.type === "message:sent").length === 2);
    expect(annLive.frames.filter((f) => f.type === "message:sent").map((f) => (f.data.message as { id: string }).id)).toEqual([messageId, messageId]);
    annLive.send({ type: "message:send", data: { chatId, content: "after the retry", tempId: "tmp-2" } });
    await benLive.until(() => contentsOf(benLive, chatId).includes("after the retry"));
    expect(contentsOf(benLive, chatId)).toEqual(["from swift", "after the retry"]);
    const history = await ben.api(server).messages.list.query({ chatId });
    expect(history.items.filter((m) => m.content === "from swift")).toHaveLength(1);
  });

  test("a send to a chat I am not in is refused NOT_FOUND, exactly as for a chat that does not exist", async () => {
    const { ben, chatId } = await twoPeople();
    const carl = await signUp(server, "carl");
    const live = await signIn(carl);
    live.send({ type: "message:send", data: { chatId, content: "let me in", tempId: "t-theirs" } });
    live.send({ type: "message:send", data: { chatId: "no-such-chat", content: "anyone?", tempId: "t-none" } });
    const frames = await live.until((all) => all.filter((f) => f.type === "message:refused").length === 2);
    const [theirs, none] = ["t-theirs", "t-none"].map((tempId) => frames.find((f) => f.type === "message:refused" && f.data.tempId === tempId)!);
    expect(theirs!.data).toMatchObject({ code: "NOT_FOUND" });
    expect(theirs!.data.reason).toBe(none!.data.reason);
    expect((await ben.api(server).messages.list.query({ chatId })).items.some((m) => m.content === "let me in")).toBe(false);
  });

  test("invalid message data is refused by its tempId with field errors; typing and read receipts reach the other person", async () => {
    const { ann, ben, chatId } = await twoPeople();
    const [annLive, benLive] = [await signIn(ann), await signIn(ben)];
    annLive.send({ type: "message:send", data: { chatId, content: "   ", tempId: "t-empty" } });
    const refused = (await annLive.until(frameOf("message:refused"))).find((f) => f.type === "message:refused")!;
    expect(refused.data).toMatchObject({ tempId: "t-empty", code: "BAD_REQUEST", fieldErrors: { content: ["Message cannot be empty"] } });

    annLive.send({ type: "typing:start", data: { chatId } });
    await benLive.until(frameOf("typing:start", (f) => f.data.userId === ann.user.id));
    annLive.send({ type: "typing:stop", data: { chatId } });
    await benLive.until(frameOf("typing:stop", (f) => f.data.userId === ann.user.id));

    await ben.api(server).messages.send.mutate({ chatId, content: "read me" });
    await annLive.until(() => contentsOf(annLive, chatId).includes("read me"));
    annLive.send({ type: "messages:read", data: { chatId }, ref: "read-1" });
    const ack = (await annLive.until(frameOf("ack"))).find((f) => f.type === "ack")!;
    expect(ack.data).toMatchObject({ ref: "read-1", type: "messages:read" });
    await benLive.until(frameOf("message:status", (f) => JSON.stringify(f.data).includes(ann.user.id)));
  });
});

test("a call rings, is answered, relays signals and ends, all through call frames", async () => {
  const { ann, ben, chatId } = await twoPeople();
  const [annLive, benLive] = [await signIn(ann), await signIn(ben)];
  annLive.send({ type: "call:initiate", data: { chatId, type: "audio" }, ref: "ring" });
  const ack = (await annLive.until(frameOf("ack", (f) => f.data.ref === "ring"))).find((f) => f.type === "ack")!;
  const callId = (ack.data.result as { id: string }).id;
  await benLive.until(frameOf("call:incoming", (f) => f.data.id === callId));

  benLive.send({ type: "call:answer", data: { callId } });
  await annLive.until(frameOf("call:accepted", (f) => f.data.id === callId));
  annLive.send({ type: "call:signal", data: { callId, signal: { type: "offer", sdp: "v=0" } } });
  await benLive.until(frameOf("call:signal", (f) => f.data.callId === callId && f.data.fromUserId === ann.user.id));

  // Someone outside the call cannot signal into it, and learns nothing of it.
  const carlLive = await signIn(await signUp(server, "carl"));
  carlLive.send({ type: "call:signal", data: { callId, signal: { type: "offer", sdp: "v=0" } }, ref: "intrude" });
  const refused = (await carlLive.until(frameOf("error"))).find((f) => f.type === "error")!;
  expect(refused.data).toMatchObject({ code: "NOT_FOUND", ref: "intrude" });

  benLive.send({ type: "call:end", data: { callId } });
  for (const live of [annLive, benLive]) await live.until(frameOf("call:ended", (f) => f.data.id === callId && f.data.status === "ended"));
});

test("reconnecting with lastEventId gets exactly the events missed meanwhile, once", async () => {
  const { ann, ben, chatId } = await twoPeople();
  const send = (content: string) => ben.api(server).messages.send.mutate({ chatId, content });
  const first = await signIn(ann);
  await send("before");
  await first.until(() => contentsOf(first, chatId).includes("before"));
  const lastEventId = first.frames.at(-1)!.id!;
  await first.close();

  await send("missed 1");
  await send("missed 2");
  const again = await signIn(ann, lastEventId);
  await send("live again");
  await again.until(() => contentsOf(again, chatId).includes("live again"));
  expect(contentsOf(again, chatId)).toEqual(["missed 1", "missed 2", "live again"]);
  const ids = again.frames.flatMap((f) => (f.id ? [f.id] : []));
  expect(new Set(ids).size).toBe(ids.length);
});

test("ready's lastEventId resumes a client that has seen no event yet", async () => {
  const { ann, ben, chatId } = await twoPeople();
  const first = await signIn(ann);
  const lastEventId = first.frames[0]!.data.lastEventId as string;
  await first.close();
  await ben.api(server).messages.send.mutate({ chatId, content: "while away" });
  const again = await signIn(ann, lastEventId);
  await again.until(() => contentsOf(again, chatId).includes("while away"));
});

describe("bad frames", () => {
  test("each gets an error frame; more than four within a minute close the socket 4010", async () => {
    const { ann } = await twoPeople();
    const live = await signIn(ann);
    live.sendText("{not json");
    live.send({ type: "message:delete", data: {}, ref: "r1" });
    live.send({ type: "typing:start", data: { chatId: 42 } });
    live.send({ type: "auth", data: { token: ann.token } });
    const errors = (await live.until((all) => all.filter((f) => f.type === "error").length === 4)).filter((f) => f.type === "error");
    expect(errors.map((f) => f.data.code)).toEqual(["INVALID_JSON", "UNKNOWN_TYPE", "INVALID_FRAME", "ALREADY_AUTHENTICATED"]);
    expect(errors[1]!.data.ref).toBe("r1");
    expect(errors[2]!.data.fieldErrors).toHaveProperty("chatId");
    expect(live.strays).toEqual([]);

    live.sendText("[]");
    expect(await live.closed).toMatchObject({ code: CloseCode.badFrames });
  });

  test("a socket that never sends its auth frame is closed 4001 after a few seconds", async () => {
    const idle = await openPlain(url);
    const started = Date.now();
    expect((await idle.closed).code).toBe(CloseCode.noToken);
    expect(Date.now() - started).toBeGreaterThan(3_000);
  });
});

test("GET /api/docs/asyncapi serves the AsyncAPI 3 document", async () => {
  const response = await fetch(`${server.base}/api/docs/asyncapi`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  const document = (await response.json()) as { asyncapi: string; channels: Record<string, { address: string }> };
  expect(document.asyncapi).toBe("3.0.0");
  expect(document.channels.plain!.address).toBe("/ws/plain");
});

test("a server shutting down closes plain sockets with 4007", async () => {
  const { ann } = await twoPeople();
  const live = await signIn(ann);
  const stopped = server.stop("SIGTERM");
  expect((await live.closed).code).toBe(CloseCode.serverShutdown);
  await stopped;
});

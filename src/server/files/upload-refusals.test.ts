// An upload refused while its body is still arriving (not signed in, too large) must reach the
// client as that status and its sentence, not as a reset connection ("network error" in a
// browser instead of "file too large").
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FileServer, startFileServer } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";

const LIMIT = 256 * 1024;
const BODY_BYTES = 8 * 1024 * 1024;
const TRIES = 30;
let server: FileServer;
let ann: TestUser;
let port: number;

beforeAll(async () => {
  server = await startFileServer({ maxUploadBytes: LIMIT });
  ann = await server.world.signUp();
  port = Number(new URL(server.base).port);
});
afterAll(() => server?.close());

type Outcome = { status?: number; body?: string; error?: string; continued?: boolean };

/**
 * POSTs `bytes` to /api/files with node:http on a connection of its own, writing the body
 * while the answer may already be on its way, and reads the whole answer.
 */
function post(headers: Record<string, string>, bytes: Buffer, expectContinue = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = {};
    const req = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/files",
      agent: false,
      headers: {
        "content-type": "multipart/form-data; boundary=relayboundary",
        "content-length": String(bytes.length),
        ...(expectContinue ? { expect: "100-continue" } : {}),
        ...headers,
      },
    });
    req.on("response", (res) => {
      outcome.status = res.statusCode;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ ...outcome, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ ...outcome, error: error.code ?? error.message }));
    });
    // A write that fails after the whole answer was read is the client's business, not a lost answer.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (outcome.body === undefined) resolve({ ...outcome, error: error.code ?? error.message });
    });
    if (expectContinue) {
      req.on("continue", () => {
        outcome.continued = true;
        req.end(bytes);
      });
    }
    else req.end(bytes);
  });
}

/**
 * The same over a bare socket, reading the answer only once the whole body is sent, as a
 * browser does: an answer followed by a reset is lost before it is read.
 */
function postThenRead(headers: Record<string, string>, bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    // The answer is small: a status line, headers, and a JSON body, whole or in one chunk.
    const answer = () => /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n(?:[0-9a-f]+\r\n)?(\{[^]*\})(?:\r\n0\r\n\r\n)?$/.exec(received);
    const finish = (error?: string) => {
      const match = answer();
      resolve(match ? { status: Number(match[1]), body: match[2] } : { error: error ?? "no answer" });
      socket.destroy();
    };
    socket.pause();
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
      if (answer()) finish();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code));
    socket.on("close", () => finish("closed"));
    const head = Object.entries({ host: "relay", "content-type": "multipart/form-data; boundary=relayboundary", "content-length": String(bytes.length), ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    socket.write(`POST /api/files HTTP/1.1\r\n${head}\r\n`);
    socket.write(bytes, () => socket.resume());
  });
}

async function tries(send: typeof post, headers: Record<string, string>): Promise<Outcome[]> {
  const body = Buffer.alloc(BODY_BYTES, 0x61);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < TRIES; i++) outcomes.push(await send(headers, body));
  return outcomes;
}

describe(`an 8 MB body refused early reaches the client as its status, ${TRIES} times out of ${TRIES}`, () => {
  test.each([
    ["node:http", post],
    ["a client that reads after sending", postThenRead],
  ])("not signed in: 401, with %s", async (_client, send) => {
    const outcomes = await tries(send, {});
    expect(outcomes.filter((o) => o.status !== 401 || !o.body)).toEqual([]);
    expect(JSON.parse(outcomes[0]!.body!)).toEqual({ error: "Sign in to upload files." });
  });

  test.each([
    ["node:http", post],
    ["a client that reads after sending", postThenRead],
  ])("larger than the limit: 413, with %s", async (_client, send) => {
    const outcomes = await tries(send, { authorization: `Bearer ${ann.token}` });
    expect(outcomes.filter((o) => o.status !== 413 || !o.body)).toEqual([]);
    expect(JSON.parse(outcomes[0]!.body!)).toEqual({ error: expect.stringContaining("larger than") });
  });
});

describe("a client that sends Expect: 100-continue learns the refusal before sending the body", () => {
  test.each([
    ["not signed in", {}, 401],
    ["too large", { authorization: `Bearer TOKEN` }, 413],
  ])("%s", async (_what, headers: Record<string, string>, status) => {
    const withToken = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace("TOKEN", ann.token)]));
    const outcome = await post(withToken, Buffer.alloc(BODY_BYTES, 0x61), true);
    expect(outcome).toMatchObject({ status, body: expect.stringContaining("error") });
    expect(outcome.continued).toBeUndefined();
  });

  test("a signed-in upload within the limit is continued and stored", async () => {
    const boundary = "relayboundary";
    const form = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nhello\n\r\n--${boundary}--\r\n`,
    );
    const outcome = await post({ authorization: `Bearer ${ann.token}` }, form, true);
    expect(outcome).toMatchObject({ status: 201, continued: true });
    expect(JSON.parse(outcome.body!)).toMatchObject({ name: "note.txt", mimeType: "text/plain" });
  });
});


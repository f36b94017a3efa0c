// Web Push end to end on the server: browsers subscribe through the API, a local HTTP
// receiver stands in for the push service, and what it receives is decrypted with the
// browser's keys (RFC 8291) as the browser would.
import { createDecipheriv, createECDH, hkdfSync, randomBytes, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SESSION_MAX_AGE_SECONDS } from "@/server/auth/token";
import { pushSubscriptions, sessions, users } from "@/server/db/schema";
import { createTestWorld, refusal, type TestUser, type TestWorld } from "@/server/testing/harness";
import { newDevice, seal } from "@/server/testing/secure-devices";
import { PUSH_TTL_SECONDS, startPushNotifications, type PushNotifications } from "./notify";
import type { PushPayload } from "./payload";
import { serverVapidKeys } from "./subscriptions";

type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };

let world: TestWorld;
let receiver: Server;
let base: string;
let received: Received[] = [];
/** Paths the stand-in push service answers with this status instead of 201. */
const answers = new Map<string, number>();
let push: PushNotifications;

beforeAll(async () => {
  world = await createTestWorld();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.get(req.url!) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  push = startPushNotifications(world.deps, { vapid: serverVapidKeys(), timeoutMs: 5000 });
});
afterAll(async () => {
  await push.stop();
  await new Promise((resolve) => receiver.close(resolve));
  await world.close();
});
beforeEach(() => {
  received = [];
});

/** A browser's push subscription: its keys stay here, as they stay in the browser. */
type Browser = { endpoint: string; ecdh: ECDH; auth: Buffer };

let browsers = 0;
async function subscribeBrowser(person: TestUser): Promise<Browser> {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const browser = { endpoint: `${base}/push/${++browsers}`, ecdh, auth: randomBytes(16) };
  await person.api.push.subscribe({
    endpoint: browser.endpoint,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: browser.auth.toString("base64url") },
  });
  return browser;
}

/** Decrypts an aes128gcm push (RFC 8188 framing, RFC 8291 keys) as the browser would. */
function decrypt(browser: Browser, body: Buffer): PushPayload {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const sealed = body.subarray(21 + idLength);
  const shared = browser.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), browser.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const padded = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  return JSON.parse(padded.subarray(0, padded.lastIndexOf(2)).toString("utf8")) as PushPayload;
}

function pushesTo(browser: Browser): Received[] {
  return received.filter((r) => `${base}${r.path}` === browser.endpoint);
}

async function setOnline(person: TestUser, online: boolean) {
  // As presence records it while a live connection of theirs is open on any instance.
  await world.db.update(users).set({ online }).where(eq(users.id, person.user.id));
}

describe("a new message", () => {
  test("reaches an offline recipient's browser, signed with VAPID, readable only with its keys", async () => {
    const { a, b, chatId } = await world.directChat();
    const browser = await subscribeBrowser(b);
    await a.api.messages.send({ chatId, content: "Dinner at **eight**?" });
    await push.settled();

    const [delivery] = pushesTo(browser);
    expect(pushesTo(browser)).toHaveLength(1);
    expect(delivery!.headers).toMatchObject({ ttl: String(PUSH_TTL_SECONDS), "content-encoding": "aes128gcm", urgency: "high" });
    expect(delivery!.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${serverVapidKeys().publicKey}$`));
    expect(delivery!.body.toString("utf8")).not.toContain("Dinner");
    expect(decrypt(browser, delivery!.body)).toEqual({ chatId, title: `${a.user.firstName} ${a.user.lastName}`, body: "Dinner at eight?" });
  });

  test("goes to no browser of the sender, nor of a recipient who has Relay open", async () => {
    const [owner, away, here] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [away, here], "Climbers");
    const [ownerBrowser, awayBrowser, hereBrowser] = [await subscribeBrowser(owner), await subscribeBrowser(away), await subscribeBrowser(here)];
    await setOnline(here, true);
    await owner.api.messages.send({ chatId, content: "Ropes packed" });
    await push.settled();

    expect(pushesTo(ownerBrowser)).toEqual([]);
    expect(pushesTo(hereBrowser)).toEqual([]);
    expect(pushesTo(awayBrowser).map((r) => decrypt(awayBrowser, r.body))).toEqual([
      { chatId, title: "Climbers", body: `${owner.user.firstName} ${owner.user.lastName}: Ropes packed` },
    ]);
    await setOnline(here, false);
  });

  test("skips a recipient with a live connection to this process, whatever the database says yet", async () => {
    const [owner, away, here] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [away, here], "Runners");
    const [awayBrowser, hereBrowser] = [await subscribeBrowser(away), await subscribeBrowser(here)];
    // This process's own view of who is connected: the one that matters for the send's recipients.
    await push.stop();
    push = startPushNotifications(world.deps, { vapid: serverVapidKeys(), timeoutMs: 5000, connectedHere: (id) => id === here.user.id });
    await owner.api.messages.send({ chatId, content: "Start at six" });
    await push.settled();

    expect(pushesTo(hereBrowser)).toEqual([]);
    expect(pushesTo(awayBrowser)).toHaveLength(1);
  });

  test("a burst of messages reaches each offline recipient once per message", async () => {
    const [owner, ben, cleo] = [await world.signUp(), await world.signUp(), await world.signUp()];
    const chatId = await world.group(owner, [ben, cleo], "Choir");
    const [benBrowser, cleoBrowser] = [await subscribeBrowser(ben), await subscribeBrowser(cleo)];
    const texts = Array.from({ length: 12 }, (_, i) => `Verse ${i + 1}`);
    await Promise.all(texts.map((content) => owner.api.messages.send({ chatId, content })));
    await push.settled();

    for (const browser of [benBrowser, cleoBrowser]) {
      const bodies = pushesTo(browser).map((r) => decrypt(browser, r.body).body.replace(/^.*: /, ""));
      expect(bodies.sort()).toEqual([...texts].sort());
    }
  });

  test("an end-to-end encrypted message's push says only that it is encrypted", async () => {
    const { a, b, chatId } = await world.directChat();
    const laptop = await newDevice(a);
    await newDevice(b);
    const browser = await subscribeBrowser(b);
    await a.api.messages.sendSecure({ chatId, clientId: "secure-push", envelope: await seal(laptop, chatId, "the vault code is 4711") });
    await push.settled();

    const [delivery] = pushesTo(browser);
    expect(decrypt(browser, delivery!.body)).toMatchObject({ chatId, body: "🔒 Encrypted message" });
  });
});

describe("subscriptions", () => {
  test("one the push service answers 410 for is removed, and gets no more pushes", async () => {
    const { a, b, chatId } = await world.directChat();
    const browser = await subscribeBrowser(b);
    answers.set(new URL(browser.endpoint).pathname, 410);
    await a.api.messages.send({ chatId, content: "Still there?" });
    await push.settled();
    expect(pushesTo(browser)).toHaveLength(1);
    expect(await world.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, browser.endpoint))).toEqual([]);

    await a.api.messages.send({ chatId, content: "Hello?" });
    await push.settled();
    expect(pushesTo(browser)).toHaveLength(1);
  });

  test("someone else cannot unsubscribe my browser; I can", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    const browser = await subscribeBrowser(b);
    expect((await refusal(outsider.api.push.unsubscribe({ endpoint: browser.endpoint }))).code).toBe("NOT_FOUND");
    expect((await refusal(a.api.push.unsubscribe({ endpoint: browser.endpoint }))).code).toBe("NOT_FOUND");
    await a.api.messages.send({ chatId, content: "Reaches b" });
    await push.settled();
    expect(pushesTo(browser)).toHaveLength(1);

    await b.api.push.unsubscribe({ endpoint: browser.endpoint });
    await a.api.messages.send({ chatId, content: "Reaches nobody" });
    await push.settled();
    expect(pushesTo(browser)).toHaveLength(1);
  });

  test("signing out the session that subscribed stops its pushes", async () => {
    const { a, b, chatId } = await world.directChat();
    const browser = await subscribeBrowser(b);
    await b.api.auth.logout();
    await a.api.messages.send({ chatId, content: "After you left" });
    await push.settled();
    expect(pushesTo(browser)).toEqual([]);
    expect(await world.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, browser.endpoint))).toEqual([]);
  });

  test("a session unused for longer than a token lives gets no pushes", async () => {
    const { a, b, chatId } = await world.directChat();
    const browser = await subscribeBrowser(b);
    const longAgo = new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 60) * 1000);
    await world.db.update(sessions).set({ lastUsedAt: longAgo }).where(eq(sessions.userId, b.user.id));
    await a.api.messages.send({ chatId, content: "Anyone?" });
    await push.settled();
    expect(pushesTo(browser)).toEqual([]);
  });

  test("only a push service's https address is accepted as an endpoint, with keys of the right shape", async () => {
    const b = await world.signUp();
    const browserKey = createECDH("prime256v1");
    browserKey.generateKeys();
    const keys = { p256dh: browserKey.getPublicKey().toString("base64url"), auth: "a".repeat(22) };
    for (const endpoint of ["http://push.example.com/x", "https://10.0.0.1/x", "https://localhost/x", "https://user:pw@push.example.com/x", "ftp://push.example.com/x"]) {
      expect((await refusal(b.api.push.subscribe({ endpoint, keys }))).code, endpoint).toBe("BAD_REQUEST");
    }
    expect((await refusal(b.api.push.subscribe({ endpoint: "https://push.example.com/x", keys: { ...keys, auth: "not base64!" } }))).code).toBe("BAD_REQUEST");
    // Of the right shape, but no point of the curve: nothing could ever be encrypted to it.
    expect((await refusal(b.api.push.subscribe({ endpoint: "https://push.example.com/x", keys: { ...keys, p256dh: "B".repeat(87) } }))).code).toBe("BAD_REQUEST");
    expect(await b.api.push.subscribe({ endpoint: "https://push.example.com/x", keys })).toEqual({ ok: true });
    expect(await b.api.push.publicKey()).toEqual({ publicKey: serverVapidKeys().publicKey });
  });
});

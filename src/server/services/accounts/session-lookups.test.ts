// Remembered sign-ins (session-lookups.ts): a run of calls by one session reads its session
// once, yet a sign-out, a ban or a role change shows on the very next call; and with other
// instances, nothing remembered is used while the link to them is down, nor kept past it.
// The link tests run against the real Redis at REDIS_URL (the default is the local server).
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openClusterLink } from "@/server/cluster/link";
import { ConnectionRegistry } from "@/server/connections";
import { sessions } from "@/server/db/schema";
import { openRedis } from "@/server/redis";
import { ensureAdmin } from "@/server/services/admin/accounts";
import { createTestWorld, refusal, type TestUser, type TestWorld, waitFor } from "@/server/testing/harness";
import { startTcpProxy } from "@/server/testing/tcp-proxy";
import { SessionActivity } from "./session-activity";
import { REMEMBER_MS, SETTLE_MS, SessionLookups, sessionLookups } from "./session-lookups";
import { revokeOwnSession } from "./sessions";
import { authenticate } from "./users";

let world: TestWorld;
let admin: TestUser;
beforeAll(async () => {
  world = await createTestWorld();
  admin = await world.makeAdmin(await world.signUp());
});
afterAll(() => world.close());

/** How many times the process-wide lookups went to the database during `work`. */
async function lookupsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = sessionLookups().lookedUp;
  await work();
  return sessionLookups().lookedUp - before;
}

/** A caller built from the raw token, as every transport builds one for each call. */
const as = (token: string) => world.callerWithToken(token);

async function signIn(person: TestUser): Promise<string> {
  return (await world.anonymous.auth.login({ username: person.user.username, password: person.password })).token;
}

/** A new sign-in of `person`, used once: its next call is answered from memory. */
async function rememberedSignIn(person: TestUser): Promise<string> {
  const token = await signIn(person);
  expect(await lookupsDuring(async () => (await as(token)).auth.me())).toBe(1);
  expect(await lookupsDuring(async () => (await as(token)).auth.me())).toBe(0);
  return token;
}

const refusedCode = async (call: Promise<unknown>) => (await refusal(call)).code;

describe("a run of calls", () => {
  test("several messages in a row by one session look the session up once", async () => {
    const { a, chatId } = await world.directChat();
    const token = await signIn(a);
    const looked = await lookupsDuring(async () => {
      for (let i = 0; i < 5; i++) await (await as(token)).messages.send({ chatId, content: `m${i}` });
    });
    expect(looked).toBe(1);
  });

  test("a remembered answer still records the session's use", async () => {
    const ada = await world.signUp();
    const token = await rememberedSignIn(ada);
    const now = Date.now() + 10 * 60_000;
    const activity = new SessionActivity(() => now);
    let user: Awaited<ReturnType<typeof authenticate>> = null;
    expect(await lookupsDuring(async () => (user = await authenticate(world.db, token, activity)))).toBe(0);
    await activity.settled();
    const [row] = await world.db.select({ at: sessions.lastUsedAt }).from(sessions).where(eq(sessions.id, user!.sessionId));
    expect(row!.at).toEqual(new Date(now));
  });
});

describe("the very next call after a remembered one", () => {
  test("is refused once that session is signed out from another device", async () => {
    const bea = await world.signUp();
    const phone = await rememberedSignIn(bea);
    const phoneSession = (await bea.api.auth.sessions()).find((session) => !session.current)!;
    await bea.api.auth.revokeSession({ sessionId: phoneSession.id });
    expect(await refusedCode((await as(phone)).auth.me())).toBe("UNAUTHORIZED");
    expect((await (await as(bea.token)).auth.me()).id).toBe(bea.user.id);
  });

  test("is refused after auth.logout", async () => {
    const cal = await world.signUp();
    const token = await rememberedSignIn(cal);
    await (await as(token)).auth.logout();
    expect(await refusedCode((await as(token)).auth.me())).toBe("UNAUTHORIZED");
  });

  test("of every other session is refused after signing them all out", async () => {
    const dan = await world.signUp();
    const others = [await rememberedSignIn(dan), await rememberedSignIn(dan)];
    expect(await dan.api.auth.revokeOtherSessions()).toEqual({ count: 2 });
    for (const token of others) expect(await refusedCode((await as(token)).auth.me())).toBe("UNAUTHORIZED");
  });

  test("is refused once the account is banned", async () => {
    const eve = await world.signUp();
    const token = await rememberedSignIn(eve);
    await admin.api.admin.ban({ userId: eve.user.id, reason: "Spam" });
    expect(await refusedCode((await as(token)).auth.me())).toBe("UNAUTHORIZED");
  });

  test("is refused once a report's resolution bans the author", async () => {
    const { a: author, b: reader, chatId } = await world.directChat();
    const token = await rememberedSignIn(author);
    const sent = await (await as(token)).messages.send({ chatId, content: "Click my link" });
    const report = await reader.api.messages.report({ messageId: sent.id, reason: "Phishing" });
    await admin.api.admin.resolveReport({ reportId: report.id, action: "ban" });
    expect(await refusedCode((await as(token)).auth.me())).toBe("UNAUTHORIZED");
  });

  test("has the new role after a role change, either way", async () => {
    const fay = await world.signUp();
    const token = await rememberedSignIn(fay);
    expect(await refusedCode((await as(token)).admin.users({}))).toBe("FORBIDDEN");
    await admin.api.admin.setRole({ userId: fay.user.id, role: "admin" });
    await expect((await as(token)).admin.users({})).resolves.toMatchObject({ items: expect.any(Array) });
    await admin.api.admin.setRole({ userId: fay.user.id, role: "user" });
    expect(await refusedCode((await as(token)).admin.users({}))).toBe("FORBIDDEN");
  });

  test("is an admin's once the configured admin account is an existing one", async () => {
    const gus = await world.signUp();
    const token = await rememberedSignIn(gus);
    await ensureAdmin(world.db, { username: gus.user.username, password: gus.password });
    await expect((await as(token)).admin.users({})).resolves.toMatchObject({ items: expect.any(Array) });
  });

  test("is refused when the sign-out commits while that session is being looked up", async () => {
    const hal = await world.signUp();
    const token = await signIn(hal);
    const session = (await authenticate(world.db, token))!;
    sessionLookups().forget("session", session.sessionId);
    // The row read, then the sign-out and its close, then the read's answer arriving.
    const raced = await sessionLookups().answer(session.sessionId, hal.user.id, async () => {
      const readBefore = { id: hal.user.id, username: hal.user.username, role: "user" as const };
      await revokeOwnSession(world.deps, session, session.sessionId);
      return readBefore;
    });
    expect(raced).toMatchObject({ id: hal.user.id });
    expect(await refusedCode((await as(token)).auth.me())).toBe("UNAUTHORIZED");
  });
});

describe("how long an answer is remembered", () => {
  test("for REMEMBER_MS at most, then the session is read again", async () => {
    const ida = await world.signUp();
    const token = await signIn(ida);
    let now = Date.now();
    const lookups = new SessionLookups(() => now);
    const check = () => authenticate(world.db, token, undefined, lookups);
    await check();
    now += REMEMBER_MS - 1;
    await check();
    expect(lookups.lookedUp).toBe(1);
    now += 1;
    await check();
    expect(lookups.lookedUp).toBe(2);
  });
});

describe("with other instances", () => {
  // This process's link to the others goes through a proxy the tests cut. A sign-out decided
  // through `unheard` stands for one on another instance whose close never reached this one.
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let link: ReturnType<typeof openClusterLink>;
  let redis: ReturnType<typeof openRedis>;
  const unheard = () => ({ db: world.db, connections: new ConnectionRegistry() });

  beforeAll(async () => {
    const target = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    redis = openRedis(proxy.url);
    link = openClusterLink(redis, { prefix: `relay-test:${randomBytes(6).toString("hex")}:` });
    link.on("closes", () => {});
    await link.subscribed();
    await waitFor(() => link.listening(), "the link to listen");
  });
  afterAll(async () => {
    link?.close();
    redis?.disconnect();
    await proxy?.close();
  });

  async function cutOff(): Promise<void> {
    proxy.cut();
    await waitFor(() => !link.listening(), "the link to notice it is cut off");
  }

  async function reconnect(): Promise<void> {
    proxy.restore();
    await waitFor(() => link.listening(), "the link to listen again");
  }

  test("while the link is down, every call reads the database: a sign-out nobody announced is refused", async () => {
    const jon = await world.signUp();
    const [token, other] = [await signIn(jon), await signIn(jon)];
    const lookups = new SessionLookups();
    lookups.heed(link);
    const check = (which: string) => authenticate(world.db, which, undefined, lookups);
    await check(token);
    await check(token);
    expect(lookups.lookedUp).toBe(1);

    await cutOff();
    try {
      const session = (await check(token))!;
      await check(token);
      expect(lookups.lookedUp).toBe(3);
      await revokeOwnSession(unheard(), session, session.sessionId);
      expect(await check(token)).toBeNull();
      expect(await check(other)).toMatchObject({ id: jon.user.id });
    } finally {
      await reconnect();
    }
  });

  test("once the link is back, nothing remembered before is used, and remembering resumes after a moment", async () => {
    const kim = await world.signUp();
    const [token, other] = [await signIn(kim), await signIn(kim)];
    let now = Date.now();
    const lookups = new SessionLookups(() => now);
    lookups.heed(link);
    const check = (which: string) => authenticate(world.db, which, undefined, lookups);
    const session = (await check(token))!;
    await check(other);
    expect(lookups.lookedUp).toBe(2);

    // No call while it is down: only the link's coming back can tell the lookups.
    await cutOff();
    await revokeOwnSession(unheard(), session, session.sessionId);
    await reconnect();
    expect(await check(token)).toBeNull();

    const looked = lookups.lookedUp;
    await check(other);
    await check(other);
    expect(lookups.lookedUp - looked).toBe(2);
    now += SETTLE_MS;
    await check(other);
    await check(other);
    expect(lookups.lookedUp - looked).toBe(3);
  });
});

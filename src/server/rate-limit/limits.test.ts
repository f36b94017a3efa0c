// The request limits through the API, as a client meets them: a growing wait after wrong
// passwords, a budget of accounts per address, budgets of calls per user.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCaller } from "@/server/api/root";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";
import { authenticate } from "@/server/services/accounts/users";
import { createRateLimits, type RateLimits, signInDelaySeconds } from "./limits";
import { retryAfterSeconds } from "./refusal";
import { testRateLimitConfig } from "./test-config";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

function anonymousFrom(limits: RateLimits, clientAddress: string) {
  return createCaller({ ...world.deps, user: null, limits, client: { address: clientAddress } });
}

async function signedIn(limits: RateLimits, token: string) {
  const user = await authenticate(world.db, token);
  return createCaller({ ...world.deps, user, limits, client: { address: "10.0.0.1" } });
}

const registration = (username: string) => ({ username, firstName: "Rate", lastName: "Limited", age: 30, password: "right-password" });

describe("sign-in", () => {
  test("after the free wrong passwords the next try must wait, and the right password is refused meanwhile", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig() });
    const { user } = await world.signUp({ password: "right-password" });
    const api = anonymousFrom(limits, "10.1.0.1");
    const wrong = { username: user.username, password: "wrong-password" };
    for (let i = 0; i < 4; i++) expect((await refusal(api.auth.login(wrong))).code).toBe("UNAUTHORIZED");

    const refused = await refusal(api.auth.login({ username: user.username, password: "right-password" }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many sign-in attempts — try again in \d+ s$/);
    // The same account from another address is not held up by this one.
    await expect(anonymousFrom(limits, "10.1.0.2").auth.login({ username: user.username, password: "right-password" })).resolves.toHaveProperty("token");
  });

  test("a successful sign-in clears the account's count of wrong passwords", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig() });
    const { user } = await world.signUp({ password: "right-password" });
    const api = anonymousFrom(limits, "10.2.0.1");
    const wrong = { username: user.username.toUpperCase(), password: "wrong-password" };
    for (let i = 0; i < 3; i++) await refusal(api.auth.login(wrong));
    await api.auth.login({ username: user.username, password: "right-password" });
    for (let i = 0; i < 3; i++) expect((await refusal(api.auth.login(wrong))).code).toBe("UNAUTHORIZED");
  });

  test("one address trying many accounts is held up too", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ signIn: { failuresPerAccount: 100, failuresPerAddress: 3, windowSeconds: 3600, maxDelaySeconds: 900 } }) });
    const api = anonymousFrom(limits, "10.3.0.1");
    for (let i = 0; i < 4; i++) await refusal(api.auth.login({ username: `nobody_${i}`, password: "wrong-password" }));
    expect((await refusal(api.auth.login({ username: "someone_else", password: "wrong-password" }))).code).toBe("TOO_MANY_REQUESTS");
  });

  test("each failure past the free ones doubles the wait, up to the maximum", () => {
    expect([3, 4, 5, 6, 7, 20].map((failed) => signInDelaySeconds(failed, 3, 900))).toEqual([0, 1, 2, 4, 8, 900]);
  });
});

describe("registration", () => {
  test("an address may create only so many accounts an hour; another address may go on", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ registrationsPerHour: 2 }) });
    const api = anonymousFrom(limits, "10.4.0.1");
    await api.auth.register(registration(`reg_a_${Date.now() % 100000}`));
    await api.auth.register(registration(`reg_b_${Date.now() % 100000}`));
    const refused = await refusal(api.auth.register(registration(`reg_c_${Date.now() % 100000}`)));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many new accounts from your address — try again in \d+ s$/);
    await expect(anonymousFrom(limits, "10.4.0.2").auth.register(registration(`reg_d_${Date.now() % 100000}`))).resolves.toHaveProperty("token");
  });
});

describe("calls per user", () => {
  test("sends past the budget are refused with the wait; other people and other writes are not affected", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ sendsPer10s: 3 }) });
    const { a, b, chatId } = await world.directChat();
    const alice = await signedIn(limits, a.token);
    for (let i = 0; i < 3; i++) await alice.messages.send({ chatId, content: `hello ${i}` });

    let caught: unknown;
    await alice.messages.send({ chatId, content: "one too many" }).catch((error: unknown) => (caught = error));
    expect(retryAfterSeconds(caught)).toBeGreaterThan(0);
    expect((await refusal(alice.messages.send({ chatId, content: "still too many" }))).message).toMatch(
      /^Too many messages — try again in \d+ s$/,
    );

    await expect((await signedIn(limits, b.token)).messages.send({ chatId, content: "my turn" })).resolves.toHaveProperty("id");
    await expect(alice.messages.markRead({ chatId })).resolves.toBeDefined();
    const history = await b.api.messages.list({ chatId });
    expect(history.items.map((m) => m.content)).not.toContain("one too many");
  });

  test("queries have a budget of their own; subscriptions are not counted", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ queriesPer10s: 2 }) });
    const { a } = await world.directChat();
    const alice = await signedIn(limits, a.token);
    await alice.chats.list({});
    await alice.chats.list({});
    expect((await refusal(alice.chats.list({}))).message).toMatch(/^Too many requests — try again in \d+ s$/);
  });

  test("with RATE_LIMITS=off nothing is counted", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ enabled: false, sendsPer10s: 1 }) });
    const { a, chatId } = await world.directChat();
    const alice = await signedIn(limits, a.token);
    for (let i = 0; i < 5; i++) await alice.messages.send({ chatId, content: `free ${i}` });
  });
});

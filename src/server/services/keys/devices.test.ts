// Secure devices through the API: what is published and checked, who sees which devices, who
// is told of a change, and the budget of key changes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCaller } from "@/server/api/root";
import { generateDeviceKeys, MAX_ACTIVE_DEVICES, newPrekey, publicBundle, publishPrekey } from "@/lib/secure";
import { createRateLimits } from "@/server/rate-limit/limits";
import { testRateLimitConfig } from "@/server/rate-limit/test-config";
import { authenticate } from "@/server/services/accounts/users";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";
import { newDevice } from "@/server/testing/secure-devices";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("keys.registerDevice", () => {
  test("publishes the device's identity key and signed prekey; my devices list it, newest first", async () => {
    const me = await world.signUp();
    const keys = await generateDeviceKeys();
    const bundle = await publicBundle(keys);
    const { device } = await me.api.keys.registerDevice({ name: "Firefox on Linux", ...bundle });
    expect(device).toMatchObject({ userId: me.user.id, name: "Firefox on Linux", identityKey: bundle.identityKey, prekey: bundle.prekey, revokedAt: null });
    const second = await newDevice(me, "Phone");
    const listed = (await me.api.keys.devices()).devices;
    expect(listed.map((d) => d.id).sort()).toEqual([second.device.id, device.id].sort());
    expect(Date.parse(listed[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(listed[1]!.createdAt));
  });

  test("a prekey not signed by the identity key is refused", async () => {
    const me = await world.signUp();
    const keys = await generateDeviceKeys();
    const other = await generateDeviceKeys();
    const { identityKey } = await publicBundle(keys);
    const signedByOther = await publishPrekey(other.identity, keys.prekey);
    const refused = await refusal(me.api.keys.registerDevice({ name: "Laptop", identityKey, prekey: signedByOther }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: "The prekey is not signed by this identity key" });
    expect((await me.api.keys.devices()).devices).toEqual([]);
  });

  test("registering the same keys again is a retry (one device); someone else's keys are refused", async () => {
    const [me, thief] = [await world.signUp(), await world.signUp()];
    const bundle = await publicBundle(await generateDeviceKeys());
    const first = await me.api.keys.registerDevice({ name: "Laptop", ...bundle });
    const again = await me.api.keys.registerDevice({ name: "Laptop", ...bundle });
    expect(again.device.id).toBe(first.device.id);
    expect((await me.api.keys.devices()).devices).toHaveLength(1);
    expect((await refusal(thief.api.keys.registerDevice({ name: "Mine now", ...bundle }))).code).toBe("CONFLICT");
    // Revoked keys stay revoked: the device makes new ones.
    await me.api.keys.revoke({ deviceId: first.device.id });
    expect((await refusal(me.api.keys.registerDevice({ name: "Laptop", ...bundle }))).code).toBe("CONFLICT");
    expect((await me.api.keys.devices()).devices).toEqual([]);
  });

  test(`at most ${MAX_ACTIVE_DEVICES} active devices; revoking one makes room`, async () => {
    const me = await world.signUp();
    const devices = [];
    for (let i = 0; i < MAX_ACTIVE_DEVICES; i++) devices.push(await newDevice(me, `Device ${i}`));
    const refused = await refusal(newDevice(me, "One too many"));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/revoke one/);
    await me.api.keys.revoke({ deviceId: devices[0]!.device.id });
    await expect(newDevice(me, "Replacement")).resolves.toHaveProperty("device");
  });

  test("names and keys are checked to the byte", async () => {
    const me = await world.signUp();
    const bundle = await publicBundle(await generateDeviceKeys());
    expect((await refusal(me.api.keys.registerDevice({ name: " ", ...bundle }))).fieldErrors).toHaveProperty("name");
    expect((await refusal(me.api.keys.registerDevice({ name: "Laptop", ...bundle, identityKey: `${bundle.identityKey}AA` }))).fieldErrors).toHaveProperty("identityKey");
  });
});

describe("keys.rotatePrekey", () => {
  test("publishes a new signed prekey for my device: bundles carry it", async () => {
    const { a, b, chatId } = await world.directChat();
    const mine = await newDevice(a);
    const next = await newPrekey(mine.keys.identity, 2);
    const { device } = await a.api.keys.rotatePrekey({ deviceId: mine.device.id, prekey: await publishPrekey(mine.keys.identity, next) });
    expect(device.prekey.id).toBe(2);
    const { people } = await b.api.keys.bundles({ chatId });
    expect(people.find((p) => p.userId === a.user.id)!.devices[0]!.prekey).toEqual(device.prekey);
  });

  test("refuses a prekey signed by another key, an id that does not move forward, and anyone else's device", async () => {
    const [me, other] = [await world.signUp(), await world.signUp()];
    const mine = await newDevice(me);
    const stranger = await generateDeviceKeys();
    const forged = await publishPrekey(stranger.identity, await newPrekey(stranger.identity, 2));
    expect((await refusal(me.api.keys.rotatePrekey({ deviceId: mine.device.id, prekey: forged }))).code).toBe("BAD_REQUEST");
    const older = await publishPrekey(mine.keys.identity, await newPrekey(mine.keys.identity, 1));
    expect((await refusal(me.api.keys.rotatePrekey({ deviceId: mine.device.id, prekey: older }))).code).toBe("BAD_REQUEST");
    const next = await publishPrekey(mine.keys.identity, await newPrekey(mine.keys.identity, 2));
    expect((await refusal(other.api.keys.rotatePrekey({ deviceId: mine.device.id, prekey: next }))).code).toBe("NOT_FOUND");
    await me.api.keys.revoke({ deviceId: mine.device.id });
    expect((await refusal(me.api.keys.rotatePrekey({ deviceId: mine.device.id, prekey: next }))).code).toBe("NOT_FOUND");
  });
});

describe("keys.revoke and keys.bundles", () => {
  test("a revoked device leaves my list but stays in the chat's bundles, marked revoked", async () => {
    const { a, b, chatId } = await world.directChat();
    const [kept, revoked, peers] = [await newDevice(a, "Laptop"), await newDevice(a, "Lost phone"), await newDevice(b)];
    expect(await a.api.keys.revoke({ deviceId: revoked.device.id })).toEqual({ ok: true });
    expect((await a.api.keys.devices()).devices.map((d) => d.id)).toEqual([kept.device.id]);
    const { people } = await b.api.keys.bundles({ chatId });
    expect(people.map((p) => p.userId)).toEqual([b.user.id, a.user.id]);
    expect(people[0]!.devices.map((d) => d.id)).toEqual([peers.device.id]);
    const ofA = Object.fromEntries(people[1]!.devices.map((d) => [d.id, d.revokedAt !== null]));
    expect(ofA).toEqual({ [kept.device.id]: false, [revoked.device.id]: true });
  });

  test("only my own devices can be revoked", async () => {
    const [me, other] = [await world.signUp(), await world.signUp()];
    const mine = await newDevice(me);
    expect((await refusal(other.api.keys.revoke({ deviceId: mine.device.id }))).code).toBe("NOT_FOUND");
    expect((await me.api.keys.devices()).devices).toHaveLength(1);
  });

  test("bundles are for the two people of a direct chat: an outsider finds nothing, a group is refused", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    await newDevice(a);
    const refused = await refusal(outsider.api.keys.bundles({ chatId }));
    expect(refused).toMatchObject({ code: "NOT_FOUND", message: "Chat not found" });
    const groupId = await world.group(a, [b]);
    expect((await refusal(a.api.keys.bundles({ chatId: groupId }))).code).toBe("BAD_REQUEST");
  });
});

describe("keys:changed", () => {
  test("registering and revoking tell my other devices and the people of my direct chats, nobody else", async () => {
    const { a, b, outsider } = await world.directChat();
    const group = await world.group(a, [outsider]);
    expect(group).toBeTruthy();
    const [mine, peers, theirs] = [await world.listen(a.token), await world.listen(b.token), await world.listen(outsider.token)];
    const device = await newDevice(a);
    await a.api.keys.revoke({ deviceId: device.device.id });
    const changed = (events: { type: string }[]) => events.filter((e) => e.type === "keys:changed").length === 2;
    for (const stream of [mine, peers]) {
      const events = await stream.until(changed, "two key changes");
      expect(events.filter((e) => e.type === "keys:changed").map((e) => e.data)).toEqual([{ userId: a.user.id }, { userId: a.user.id }]);
    }
    // The outsider shares only a group with a: a message there shows their stream is live.
    await a.api.messages.send({ chatId: group, content: "hello group" });
    const seen = await theirs.until((events) => events.some((e) => e.type === "message:new"));
    expect(seen.filter((e) => e.type === "keys:changed")).toEqual([]);
    await Promise.all([mine.stop(), peers.stop(), theirs.stop()]);
  });
});

describe("chats.setSecureDefault", () => {
  test("either person turns it on; chats.info shows it to both, and the other hears of the change", async () => {
    const { a, b, chatId } = await world.directChat();
    expect((await a.api.chats.info({ chatId })).secureDefault).toBe(false);
    const stream = await world.listen(a.token);
    expect(await b.api.chats.setSecureDefault({ chatId, secure: true })).toEqual({ ok: true });
    expect((await a.api.chats.info({ chatId })).secureDefault).toBe(true);
    const events = await stream.until((es) => es.some((e) => e.type === "chat:updated"));
    expect(events.find((e) => e.type === "chat:updated")?.data).toEqual({ chatId, action: "secure" });
    await stream.stop();
    await a.api.chats.setSecureDefault({ chatId, secure: false });
    expect((await b.api.chats.info({ chatId })).secureDefault).toBe(false);
  });

  test("not in the chat: not found; a group: refused", async () => {
    const { a, b, outsider, chatId } = await world.directChat();
    expect((await refusal(outsider.api.chats.setSecureDefault({ chatId, secure: true }))).code).toBe("NOT_FOUND");
    const groupId = await world.group(a, [b]);
    expect((await refusal(a.api.chats.setSecureDefault({ chatId: groupId, secure: true }))).code).toBe("BAD_REQUEST");
    expect((await a.api.chats.info({ chatId })).secureDefault).toBe(false);
  });
});

describe("the budget of key changes", () => {
  test("registering and revoking past the hourly budget are refused with the wait; other calls go on", async () => {
    const limits = createRateLimits({ config: testRateLimitConfig({ keyChangesPerHour: 3 }) });
    const person = await world.signUp();
    const api = createCaller({ ...world.deps, user: await authenticate(world.db, person.token), limits, client: { address: "10.9.0.1" } });
    const register = async () => api.keys.registerDevice({ name: "Laptop", ...(await publicBundle(await generateDeviceKeys())) });
    const { device } = await register();
    await register();
    await api.keys.revoke({ deviceId: device.id });
    const refused = await refusal(register());
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many changes of encryption keys — try again in \d+ s$/);
    expect((await api.keys.devices()).devices).toHaveLength(1);
  });
});

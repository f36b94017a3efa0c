// A device's keys: private halves stay inside WebCrypto, and a published prekey is accepted
// only with its identity's signature.
import { describe, expect, test } from "vitest";
import { fromB64url, toB64url } from "./encoding";
import { generateDeviceKeys, newPrekey, publicBundle, publishPrekey, verifyPrekey } from "./keys";

describe("device keys", () => {
  test("private keys cannot be exported", async () => {
    const keys = await generateDeviceKeys();
    expect(keys.identity.privateKey.extractable).toBe(false);
    expect(keys.prekey.keyPair.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey("pkcs8", keys.identity.privateKey)).rejects.toThrow();
    await expect(globalThis.crypto.subtle.exportKey("jwk", keys.prekey.keyPair.privateKey)).rejects.toThrow();
    expect(keys.prekey.id).toBe(1);
  });

  test("the public bundle is 32-byte keys and a 64-byte signature in base64url", async () => {
    const bundle = await publicBundle(await generateDeviceKeys());
    expect(bundle.identityKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bundle.prekey.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bundle.prekey.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  test("a prekey id is a positive 31-bit integer", async () => {
    const { identity } = await generateDeviceKeys();
    await expect(newPrekey(identity, 0)).rejects.toThrow();
    await expect(newPrekey(identity, 2 ** 31)).rejects.toThrow();
    expect((await newPrekey(identity, 2 ** 31 - 1)).id).toBe(2 ** 31 - 1);
  });
});

describe("verifyPrekey", () => {
  test("accepts a prekey signed by its identity, a rotated one too", async () => {
    const keys = await generateDeviceKeys();
    const bundle = await publicBundle(keys);
    expect(await verifyPrekey(bundle.identityKey, bundle.prekey)).toBe(true);
    const rotated = await publishPrekey(keys.identity, await newPrekey(keys.identity, 2));
    expect(await verifyPrekey(bundle.identityKey, rotated)).toBe(true);
  });

  test("refuses a changed id, key or signature, and another identity", async () => {
    const bundle = await publicBundle(await generateDeviceKeys());
    const other = await publicBundle(await generateDeviceKeys());
    const flipped = fromB64url(bundle.prekey.signature);
    flipped[0] = flipped[0]! ^ 0x80;
    expect(await verifyPrekey(bundle.identityKey, { ...bundle.prekey, id: 2 })).toBe(false);
    expect(await verifyPrekey(bundle.identityKey, { ...bundle.prekey, publicKey: other.prekey.publicKey })).toBe(false);
    expect(await verifyPrekey(bundle.identityKey, { ...bundle.prekey, signature: toB64url(flipped) })).toBe(false);
    expect(await verifyPrekey(other.identityKey, bundle.prekey)).toBe(false);
    expect(await verifyPrekey(bundle.identityKey, { ...bundle.prekey, signature: "" })).toBe(false);
    expect(await verifyPrekey("not-a-key", bundle.prekey)).toBe(false);
  });
});

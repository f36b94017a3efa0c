// Sealing and opening secure messages: a committed envelope guards the format, every device in
// the list reads the message, and any change to a sealed envelope never yields its text.
import { beforeAll, describe, expect, test } from "vitest";
import { openMessage, sealMessage, signedBytes, verifyEnvelope, type RecipientDevice, type SecureEnvelope } from "./envelope";
import { fromB64url, toB64url } from "./encoding";
import { generateDeviceKeys, publicBundle, type DeviceKeys, type PublishedKeys } from "./keys";
import { RFC7748_ALICE, RFC7748_BOB, RFC8032_TEST2, b64, importEd25519Pair, importX25519Private } from "./test-vectors";

// Sealed once by this module with the keys below; if opening it ever fails, the format changed.
const FIXED_CHAT_ID = "chat-fixed-1";
const FIXED_TEXT = "Meet at the café at 7 — bring the 🔑";
const FIXED_ENVELOPE: SecureEnvelope = {
  algorithm: "relay-x25519-aes256gcm-ed25519-v1",
  senderDeviceId: "device-alice-1",
  iv: "6-0PNJyAwGPlMOYw",
  ciphertext: "9saQFVUjgx23EpKa_YTnryHQB-6BsXsE8Ux1e-9iXoP94Fs-TEsL_YDHIdrjIKKEsh-KnaKgrMxV62oF0Hhw4q_jtk8e-IXp8mE",
  signature: "Kef04AGmguVYWhMbQU9XCWM8HaFfpZFiK6qHsllOJjoW6kOCIxcp2QCavEo2mmN4t0NE5U6e3tsd6bHP0P4iDQ",
  keys: [
    {
      deviceId: "device-bob-1",
      prekeyId: 7,
      ephemeralKey: "p7IsgoV-c0xJV3KQZzsDwcx2HtwqcNz_ave66XFnCkM",
      iv: "ua2PeuRArKY-FsSz",
      wrappedKey: "uU6FHiY3sgAzJQZ_oOSJqMpqW0caP0_xlWkIC-gGmUWHq9YdPnt0-01-vT3BzJ1q",
    },
    {
      deviceId: "device-alice-1",
      prekeyId: 3,
      ephemeralKey: "ZSUV289IZjQjRFz3rwBTlFG6iLIKur66nblbnrzl1g0",
      iv: "nwt8q1LY3E1HeF-9",
      wrappedKey: "IbhqZNU3JUibOH9hpQOIa8FWaQ2_F2-GQeiymClXKXhAucIwavwV4pvKFf7XhQmm",
    },
  ],
};

describe("the committed envelope", () => {
  const aliceIdentityKey = b64(RFC8032_TEST2.public);

  test("opens to its text on both devices it was sealed for", async () => {
    const bob = await openMessage({
      chatId: FIXED_CHAT_ID,
      envelope: FIXED_ENVELOPE,
      deviceId: "device-bob-1",
      prekeys: new Map([[7, await importX25519Private(RFC7748_BOB)]]),
      senderIdentityKey: aliceIdentityKey,
    });
    expect(bob).toEqual({ ok: true, text: FIXED_TEXT });
    const alice = await openMessage({
      chatId: FIXED_CHAT_ID,
      envelope: FIXED_ENVELOPE,
      deviceId: "device-alice-1",
      prekeys: new Map([[3, await importX25519Private(RFC7748_ALICE)]]),
      senderIdentityKey: aliceIdentityKey,
    });
    expect(alice).toEqual({ ok: true, text: FIXED_TEXT });
  });

  test("its signature is what signing its bytes gives (Ed25519 is deterministic)", async () => {
    expect(await verifyEnvelope(FIXED_CHAT_ID, FIXED_ENVELOPE, aliceIdentityKey)).toBe(true);
    const identity = await importEd25519Pair(RFC8032_TEST2);
    const signature = await globalThis.crypto.subtle.sign({ name: "Ed25519" }, identity.privateKey, signedBytes(FIXED_CHAT_ID, FIXED_ENVELOPE));
    expect(toB64url(signature)).toBe(FIXED_ENVELOPE.signature);
  });
});

type Device = { id: string; keys: DeviceKeys; published: PublishedKeys };
const device = async (id: string): Promise<Device> => {
  const keys = await generateDeviceKeys();
  return { id, keys, published: await publicBundle(keys) };
};
const recipient = (d: Device): RecipientDevice => ({ id: d.id, prekey: d.published.prekey });
const prekeysOf = (d: Device) => new Map([[d.keys.prekey.id, d.keys.prekey.keyPair.privateKey]]);

const CHAT = "chat-1";
let alicePhone: Device, aliceLaptop: Device, bob: Device, outsider: Device;
let envelope: SecureEnvelope;

beforeAll(async () => {
  [alicePhone, aliceLaptop, bob, outsider] = await Promise.all([device("alice-phone"), device("alice-laptop"), device("bob-1"), device("eve-1")]);
  envelope = await sealMessage({
    chatId: CHAT,
    text: "the door code is 4711",
    senderDeviceId: alicePhone.id,
    identity: alicePhone.keys.identity,
    recipients: [alicePhone, aliceLaptop, bob].map(recipient),
  });
});

const openAs = (d: Device, overrides: Partial<Parameters<typeof openMessage>[0]> = {}) =>
  openMessage({ chatId: CHAT, envelope, deviceId: d.id, prekeys: prekeysOf(d), senderIdentityKey: alicePhone.published.identityKey, ...overrides });

describe("sealMessage and openMessage", () => {
  test("every listed device opens the message, the sending device included", async () => {
    for (const d of [alicePhone, aliceLaptop, bob]) expect(await openAs(d)).toEqual({ ok: true, text: "the door code is 4711" });
    expect(envelope.keys.map((key) => key.deviceId)).toEqual(["alice-phone", "alice-laptop", "bob-1"]);
    expect(new Set(envelope.keys.map((key) => key.ephemeralKey)).size).toBe(3);
  });

  test("the envelope carries no plaintext and no key material of its own", () => {
    expect(JSON.stringify(envelope)).not.toContain("4711");
    expect(envelope.algorithm).toBe("relay-x25519-aes256gcm-ed25519-v1");
  });

  test("a device that is not in the list, or whose prekey is gone, has no key", async () => {
    expect(await openAs(outsider)).toEqual({ ok: false, reason: "no-key" });
    expect(await openAs(bob, { prekeys: new Map() })).toEqual({ ok: false, reason: "no-key" });
  });

  test("without the sender's identity key, or with another one, the message is unverified", async () => {
    expect(await openAs(bob, { senderIdentityKey: null })).toEqual({ ok: false, reason: "unverified" });
    expect(await openAs(bob, { senderIdentityKey: bob.published.identityKey })).toEqual({ ok: false, reason: "unverified" });
  });

  test("the wrong prekey under the right id is corrupt, not text", async () => {
    expect(await openAs(bob, { prekeys: prekeysOf({ ...outsider, keys: { ...outsider.keys, prekey: { ...outsider.keys.prekey, id: 1 } } }) })).toEqual({
      ok: false,
      reason: "corrupt",
    });
  });

  test("refuses a text over the message bound and a device listed twice", async () => {
    const base = { chatId: CHAT, senderDeviceId: alicePhone.id, identity: alicePhone.keys.identity };
    await expect(sealMessage({ ...base, text: "x".repeat(4001), recipients: [recipient(bob)] })).rejects.toThrow();
    await expect(sealMessage({ ...base, text: "hi", recipients: [recipient(bob), recipient(bob)] })).rejects.toThrow();
  });

  test("the longest message fits the ciphertext bound", async () => {
    const text = "\ud83d\udd11".repeat(2000);
    const sealed = await sealMessage({ chatId: CHAT, text, senderDeviceId: alicePhone.id, identity: alicePhone.keys.identity, recipients: [recipient(bob)] });
    expect(await openMessage({ chatId: CHAT, envelope: sealed, deviceId: bob.id, prekeys: prekeysOf(bob), senderIdentityKey: alicePhone.published.identityKey })).toEqual({ ok: true, text });
  });
});

const flipByte = (value: string, at = 5) => {
  const bytes = fromB64url(value);
  bytes[at] = bytes[at]! ^ 0x01;
  return toB64url(bytes);
};

describe("a changed envelope never yields text", () => {
  const expectRefused = async (changed: SecureEnvelope, chatId = CHAT) => {
    for (const d of [aliceLaptop, bob]) {
      const result = await openMessage({ chatId, envelope: changed, deviceId: d.id, prekeys: prekeysOf(d), senderIdentityKey: alicePhone.published.identityKey });
      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty("text");
      expect(["unverified", "corrupt"]).toContain(!result.ok && result.reason);
    }
    expect(await verifyEnvelope(chatId, changed, alicePhone.published.identityKey)).toBe(false);
  };
  const bobsKeyWith = (change: Partial<SecureEnvelope["keys"][number]>) => ({
    ...envelope,
    keys: envelope.keys.map((key) => (key.deviceId === bob.id ? { ...key, ...change } : key)),
  });

  test("one byte of the ciphertext", () => expectRefused({ ...envelope, ciphertext: flipByte(envelope.ciphertext) }));
  test("one byte of the IV", () => expectRefused({ ...envelope, iv: flipByte(envelope.iv, 0) }));
  test("one byte of a wrapped key", async () => {
    const bobsKey = envelope.keys.find((key) => key.deviceId === bob.id)!;
    await expectRefused(bobsKeyWith({ wrappedKey: flipByte(bobsKey.wrappedKey) }));
  });
  test("one byte of the signature", () => expectRefused({ ...envelope, signature: flipByte(envelope.signature, 10) }));
  test("another chat", () => expectRefused(envelope, "chat-2"));
  test("another sender device", () => expectRefused({ ...envelope, senderDeviceId: aliceLaptop.id }));
  test("a dropped recipient", () => expectRefused({ ...envelope, keys: envelope.keys.filter((key) => key.deviceId !== alicePhone.id) }));

  test("a sender who signs a broken wrapped key gets corrupt, not text", async () => {
    const bobsKey = envelope.keys.find((key) => key.deviceId === bob.id)!;
    const broken = bobsKeyWith({ wrappedKey: flipByte(bobsKey.wrappedKey) });
    const resigned = await globalThis.crypto.subtle.sign({ name: "Ed25519" }, alicePhone.keys.identity.privateKey, signedBytes(CHAT, broken));
    const result = await openAs(bob, { envelope: { ...broken, signature: toB64url(resigned) } });
    expect(result).toEqual({ ok: false, reason: "corrupt" });
  });

  test("a malformed envelope is corrupt", async () => {
    expect(await openAs(bob, { envelope: { ...envelope, iv: "short" } })).toEqual({ ok: false, reason: "corrupt" });
  });
});

// The bounds of secure envelopes and published prekeys, as the server checks them.
import { beforeAll, describe, expect, test } from "vitest";
import { sealMessage, type SecureEnvelope } from "./envelope";
import { generateDeviceKeys, publicBundle, type PublishedKeys } from "./keys";
import { publishedPrekey, secureDeviceName, secureEnvelope } from "./schema";

let envelope: SecureEnvelope;
let bundle: PublishedKeys;

beforeAll(async () => {
  const keys = await generateDeviceKeys();
  bundle = await publicBundle(keys);
  envelope = await sealMessage({ chatId: "c", text: "hi", senderDeviceId: "d1", identity: keys.identity, recipients: [{ id: "d1", prekey: bundle.prekey }] });
});

const key = () => envelope.keys[0]!;
const withKey = (change: Record<string, unknown>) => ({ ...envelope, keys: [{ ...key(), ...change }] });
const refused = (value: unknown) => expect(secureEnvelope.safeParse(value).success).toBe(false);

describe("secureEnvelope", () => {
  test("accepts what sealMessage makes", () => {
    expect(secureEnvelope.parse(envelope)).toEqual(envelope);
  });

  test("refuses another algorithm, missing fields and unnamed ones", () => {
    refused({ ...envelope, algorithm: "relay-v0" });
    refused({ ...envelope, note: "unsigned" });
    refused(withKey({ note: "unsigned" }));
    expect(publishedPrekey.safeParse({ ...bundle.prekey, note: "unsigned" }).success).toBe(false);
    refused({ ...envelope, signature: undefined });
  });

  test("ciphertext: base64url, at most 40 000 characters", () => {
    refused({ ...envelope, ciphertext: "A".repeat(40_001) });
    expect(secureEnvelope.safeParse({ ...envelope, ciphertext: "A".repeat(40_000) }).success).toBe(true);
    refused({ ...envelope, ciphertext: envelope.ciphertext + "=" });
    refused({ ...envelope, ciphertext: "" });
  });

  test("IVs are exactly 12 bytes", () => {
    refused({ ...envelope, iv: envelope.iv.slice(1) });
    refused({ ...envelope, iv: envelope.iv + "A" });
    refused({ ...envelope, iv: "+".repeat(16) });
    refused(withKey({ iv: key().iv.slice(1) }));
  });

  test("keys, signatures and wrapped keys have their exact sizes", () => {
    refused({ ...envelope, signature: envelope.signature.slice(1) });
    refused(withKey({ ephemeralKey: key().ephemeralKey + "A" }));
    refused(withKey({ wrappedKey: key().wrappedKey.slice(1) }));
    refused(withKey({ wrappedKey: key().wrappedKey + "AA" }));
  });

  test("1 to 40 devices, each once", () => {
    refused({ ...envelope, keys: [] });
    const many = Array.from({ length: 41 }, (_, i) => ({ ...key(), deviceId: `d${i}` }));
    refused({ ...envelope, keys: many });
    expect(secureEnvelope.safeParse({ ...envelope, keys: many.slice(0, 40) }).success).toBe(true);
    refused({ ...envelope, keys: [key(), key()] });
  });

  test("device ids are 1 to 64 characters on one line; prekey ids positive 31-bit integers", () => {
    refused({ ...envelope, senderDeviceId: "" });
    refused({ ...envelope, senderDeviceId: "d".repeat(65) });
    refused({ ...envelope, senderDeviceId: "d\n1" });
    refused(withKey({ deviceId: "x".repeat(65) }));
    for (const prekeyId of [0, -1, 1.5, 2 ** 31, "1"]) refused(withKey({ prekeyId }));
    expect(secureEnvelope.safeParse(withKey({ prekeyId: 2 ** 31 - 1 })).success).toBe(true);
  });
});

describe("publishedPrekey and device names", () => {
  test("a published prekey has a 32-byte key and a 64-byte signature", () => {
    expect(publishedPrekey.safeParse(bundle.prekey).success).toBe(true);
    expect(publishedPrekey.safeParse({ ...bundle.prekey, publicKey: bundle.prekey.publicKey.slice(2) }).success).toBe(false);
    expect(publishedPrekey.safeParse({ ...bundle.prekey, signature: bundle.prekey.signature + "A" }).success).toBe(false);
    expect(publishedPrekey.safeParse({ ...bundle.prekey, id: 0 }).success).toBe(false);
  });

  test("a device name is 1 to 64 characters on one line", () => {
    expect(secureDeviceName.parse("  Chrome on Linux ")).toBe("Chrome on Linux");
    expect(secureDeviceName.safeParse(" ").success).toBe(false);
    expect(secureDeviceName.safeParse("x".repeat(65)).success).toBe(false);
    expect(secureDeviceName.safeParse("a\tb").success).toBe(false);
  });
});

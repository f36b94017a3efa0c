// What a secure bubble shows, from real sealed messages: the text for a device it was sealed
// for, the honest "before this device" for one it was not, and never text for a forgery.
import { describe, expect, test } from "vitest";
import { generateDeviceKeys, openMessage, publicBundle, sealMessage, type DeviceKeys } from "@/lib/secure";
import { activeDevices, BEFORE_SETUP, identityKeysOf, secureStateOf, senderKeyOf, UNVERIFIED } from "./secure-state";

const chatId = "chat1";

async function device(id: string, userId: string, revokedAt: string | null = null) {
  const keys = await generateDeviceKeys();
  const published = await publicBundle(keys);
  return { keys, view: { id, userId, identityKey: published.identityKey, prekey: published.prekey, revokedAt } };
}

const openAs = (reader: { keys: DeviceKeys; view: { id: string } }, envelope: Awaited<ReturnType<typeof sealMessage>>, senderIdentityKey: string | null) =>
  openMessage({
    chatId,
    envelope,
    deviceId: reader.view.id,
    prekeys: new Map([[reader.keys.prekey.id, reader.keys.prekey.keyPair.privateKey]]),
    senderIdentityKey,
  });

describe("secure bubble state", () => {
  test("the recipient reads the text; a device set up later sees that it came before it; a forgery shows no text", async () => {
    const alice = await device("a1", "alice");
    const bob = await device("b1", "bob");
    const later = await device("a2", "alice");
    const envelope = await sealMessage({
      chatId,
      text: "meet at noon",
      senderDeviceId: alice.view.id,
      identity: alice.keys.identity,
      recipients: [alice.view, bob.view],
    });

    expect(secureStateOf(await openAs(bob, envelope, alice.view.identityKey))).toEqual({ kind: "text", text: "meet at noon" });
    expect(secureStateOf(await openAs(later, envelope, alice.view.identityKey))).toEqual({ kind: "no-key", label: BEFORE_SETUP });

    const forged = { ...envelope, ciphertext: envelope.ciphertext.slice(0, -4) + (envelope.ciphertext.endsWith("AAAA") ? "BBBB" : "AAAA") };
    const shown = secureStateOf(await openAs(bob, forged, alice.view.identityKey));
    expect(shown).toEqual({ kind: "unverified", label: UNVERIFIED });
    // An unknown sender device is not verified either.
    expect(secureStateOf(await openAs(bob, envelope, null))).toEqual({ kind: "unverified", label: UNVERIFIED });
    // Signed by someone else's identity: not verified.
    expect(secureStateOf(await openAs(bob, envelope, bob.view.identityKey)).kind).toBe("unverified");
  });

  test("sealing goes to active devices only; a revoked sender still verifies", async () => {
    const a1 = await device("a1", "alice", "2026-01-01T00:00:00.000Z");
    const a2 = await device("a2", "alice");
    const b1 = await device("b1", "bob");
    const bundles = { people: [{ userId: "alice", devices: [a1.view, a2.view] }, { userId: "bob", devices: [b1.view] }] };
    expect(activeDevices(bundles).map((d) => d.id)).toEqual(["a2", "b1"]);
    expect(identityKeysOf(bundles, "alice")).toEqual([a2.view.identityKey]);
    expect(senderKeyOf(bundles, "a1")).toBe(a1.view.identityKey);
    expect(senderKeyOf(bundles, "zz")).toBeNull();
  });
});

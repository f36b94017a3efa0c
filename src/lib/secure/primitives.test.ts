// The primitives against their published test vectors: HKDF (RFC 5869), X25519 (RFC 7748) and
// Ed25519 (RFC 8032), through Relay's own helpers, as Node and the browsers implement them.
import { describe, expect, test } from "vitest";
import { hkdf, x25519, x25519PublicOf } from "./derive";
import { verifySignature } from "./keys";
import {
  RFC7748_ALICE,
  RFC7748_BOB,
  RFC7748_SHARED,
  RFC8032_TEST1,
  b64,
  hex,
  importEd25519Pair,
  importX25519Private,
  toHex,
} from "./test-vectors";

describe("HKDF-SHA-256", () => {
  test("RFC 5869 test case 1", async () => {
    const okm = await hkdf(hex("0b".repeat(22)), hex("000102030405060708090a0b0c"), hex("f0f1f2f3f4f5f6f7f8f9"), 42);
    expect(toHex(okm)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  });
});

describe("X25519", () => {
  test("RFC 7748 §6.1: both sides agree on the published shared secret", async () => {
    const alice = await importX25519Private(RFC7748_ALICE);
    const bob = await importX25519Private(RFC7748_BOB);
    expect(toHex(await x25519(alice, hex(RFC7748_BOB.public)))).toBe(RFC7748_SHARED);
    expect(toHex(await x25519(bob, hex(RFC7748_ALICE.public)))).toBe(RFC7748_SHARED);
  });

  test("the public key of a non-extractable private key is recovered", async () => {
    const alice = await importX25519Private(RFC7748_ALICE);
    expect(alice.extractable).toBe(false);
    expect(toHex(await x25519PublicOf(alice))).toBe(RFC7748_ALICE.public);
  });
});

describe("Ed25519", () => {
  test("RFC 8032 test 1: the published signature verifies, and signing reproduces it", async () => {
    const identityKey = b64(RFC8032_TEST1.public);
    const empty = new Uint8Array(0);
    expect(await verifySignature(identityKey, b64(RFC8032_TEST1.signatureOfEmpty), empty)).toBe(true);
    const pair = await importEd25519Pair(RFC8032_TEST1);
    const signature = await globalThis.crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, empty);
    expect(toHex(signature)).toBe(RFC8032_TEST1.signatureOfEmpty);
  });

  test("a changed message or a malformed signature does not verify", async () => {
    const identityKey = b64(RFC8032_TEST1.public);
    expect(await verifySignature(identityKey, b64(RFC8032_TEST1.signatureOfEmpty), new Uint8Array([0]))).toBe(false);
    expect(await verifySignature(identityKey, "not a signature", new Uint8Array(0))).toBe(false);
    expect(await verifySignature("short", b64(RFC8032_TEST1.signatureOfEmpty), new Uint8Array(0))).toBe(false);
  });
});

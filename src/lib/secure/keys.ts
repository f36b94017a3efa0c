// A device's keys: an Ed25519 identity that only signs, and an X25519 signed prekey that
// senders agree ephemeral secrets with. Private keys are generated non-extractable, so the
// browser can store and use them but no script can read them out.
import { MAX_PREKEY_ID, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./constants";
import { fromB64url, isB64urlOf, toB64url, utf8 } from "./encoding";

const subtle = () => globalThis.crypto.subtle;

export type Prekey = { id: number; keyPair: CryptoKeyPair; createdAt: number };
export type DeviceKeys = { identity: CryptoKeyPair; prekey: Prekey };
export type PublishedPrekey = { id: number; publicKey: string; signature: string };
export type PublishedKeys = { identityKey: string; prekey: PublishedPrekey };

const prekeySignedBytes = (id: number, publicKey: string) => utf8(`relay-prekey-v1|${id}|${publicKey}`);
const isPrekeyId = (id: number) => Number.isInteger(id) && id >= 1 && id <= MAX_PREKEY_ID;

export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const identity = (await subtle().generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
  return { identity, prekey: await newPrekey(identity, 1) };
}

/** A fresh X25519 prekey with the given id, for the device whose identity will sign it. */
export async function newPrekey(identity: CryptoKeyPair, id: number): Promise<Prekey> {
  if (identity.privateKey.algorithm.name !== "Ed25519") throw new TypeError("A prekey belongs to an Ed25519 identity");
  if (!isPrekeyId(id)) throw new RangeError("A prekey id is an integer from 1 to 2^31-1");
  const keyPair = (await subtle().generateKey({ name: "X25519" }, false, ["deriveBits"])) as CryptoKeyPair;
  return { id, keyPair, createdAt: Date.now() };
}

export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return toB64url(await subtle().exportKey("raw", key));
}

/** The prekey as the server stores it: its public key signed by the device's identity. */
export async function publishPrekey(identity: CryptoKeyPair, prekey: Prekey): Promise<PublishedPrekey> {
  const publicKey = await exportPublicKey(prekey.keyPair.publicKey);
  const signature = await subtle().sign({ name: "Ed25519" }, identity.privateKey, prekeySignedBytes(prekey.id, publicKey));
  return { id: prekey.id, publicKey, signature: toB64url(signature) };
}

export async function publicBundle(keys: DeviceKeys): Promise<PublishedKeys> {
  return { identityKey: await exportPublicKey(keys.identity.publicKey), prekey: await publishPrekey(keys.identity, keys.prekey) };
}

/** An identity public key from its base64url form; throws unless it is 32 raw bytes. */
export function importIdentityKey(identityKey: string): Promise<CryptoKey> {
  if (!isB64urlOf(identityKey, PUBLIC_KEY_BYTES)) throw new TypeError("An identity key is 32 bytes in base64url");
  return subtle().importKey("raw", fromB64url(identityKey), { name: "Ed25519" }, true, ["verify"]);
}

/** True when `signature` (base64url) is the identity's Ed25519 signature of `bytes`; false for anything malformed. */
export async function verifySignature(identityKey: string, signature: string, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    if (!isB64urlOf(signature, SIGNATURE_BYTES)) return false;
    const key = await importIdentityKey(identityKey);
    return await subtle().verify({ name: "Ed25519" }, key, fromB64url(signature), bytes);
  } catch {
    return false;
  }
}

/** True when the prekey is well formed and signed by the identity key. */
export async function verifyPrekey(identityKey: string, prekey: PublishedPrekey): Promise<boolean> {
  if (!isPrekeyId(prekey.id) || !isB64urlOf(prekey.publicKey, PUBLIC_KEY_BYTES)) return false;
  return verifySignature(identityKey, prekey.signature, prekeySignedBytes(prekey.id, prekey.publicKey));
}

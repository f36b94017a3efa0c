// HKDF-SHA-256 (RFC 5869) and the wrap key of one recipient device, from WebCrypto.
import { concatBytes, utf8 } from "./encoding";

const subtle = () => globalThis.crypto.subtle;

/** `length` bytes of HKDF-SHA-256 output. */
export async function hkdf(ikm: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, info: Uint8Array<ArrayBuffer>, length: number) {
  const key = await subtle().importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, length * 8));
}

/** X25519 between a private key and a raw public key: 32 shared bytes. */
export async function x25519(privateKey: CryptoKey, publicRaw: Uint8Array<ArrayBuffer>) {
  const publicKey = await subtle().importKey("raw", publicRaw, { name: "X25519" }, true, []);
  return new Uint8Array(await subtle().deriveBits({ name: "X25519", public: publicKey }, privateKey, 256));
}

/** The raw public key of an X25519 private key, even a non-extractable one: X25519(k, 9) is k's public key. */
export function x25519PublicOf(privateKey: CryptoKey) {
  const basePoint = new Uint8Array(32);
  basePoint[0] = 9;
  return x25519(privateKey, basePoint);
}

const WRAP_INFO = utf8("relay-secure-v1 wrap");

/** The AES-GCM key that wraps a content key for one device: HKDF(X25519 secret, ephemeralPub ‖ prekeyPub). */
export async function wrapKey(shared: Uint8Array<ArrayBuffer>, ephemeralPub: Uint8Array, prekeyPub: Uint8Array) {
  const bytes = await hkdf(shared, concatBytes(ephemeralPub, prekeyPub), WRAP_INFO, 32);
  return subtle().importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
}

// Safety numbers: what two people compare to know that the keys their browsers use are each
// other's. A person's fingerprint covers all of their active devices, so a device added or
// revoked changes the number.
import { concatBytes, fromB64url, utf8 } from "./encoding";

const ITERATIONS = 5200;
const FINGERPRINT_BYTES = 30;

/**
 * 30 digits: the first 30 bytes of an iterated SHA-256 over `relay-fingerprint-v1` ‖ userId ‖
 * the raw identity keys (sorted by their base64url strings), as six 5-byte chunks, each mod 100000.
 */
export async function fingerprint(userId: string, identityKeys: string[]): Promise<string> {
  const sortedKeys = [...identityKeys].sort().map((key) => fromB64url(key));
  const input = concatBytes(utf8("relay-fingerprint-v1"), utf8(userId), ...sortedKeys);
  // Each round hashes the previous digest with the whole input again (as Signal's numbers do),
  // which makes guessing a colliding key set 5200 times as costly.
  let digest: Uint8Array<ArrayBuffer> = input;
  for (let round = 0; round < ITERATIONS; round++) {
    digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", round === 0 ? input : concatBytes(digest, input)));
  }
  let digits = "";
  for (let at = 0; at < FINGERPRINT_BYTES; at += 5) {
    const chunk = digest.slice(at, at + 5).reduce((value, byte) => value * 256 + byte, 0);
    digits += String(chunk % 100_000).padStart(5, "0");
  }
  return digits;
}

type Person = { userId: string; identityKeys: string[] };

/** 60 digits, the same on both sides: the fingerprint of the lower user id first. */
export async function safetyNumber(a: Person, b: Person): Promise<string> {
  const [first, second] = a.userId < b.userId ? [a, b] : [b, a];
  return (await fingerprint(first.userId, first.identityKeys)) + (await fingerprint(second.userId, second.identityKeys));
}

/** Digits in groups of five, as people read them aloud: "12345 67890 …". */
export const groupDigits = (digits: string) => digits.match(/.{1,5}/g)?.join(" ") ?? "";

/** What the QR code of a safety number encodes. */
export const safetyQrPayload = (safetyDigits: string) => `relay-safety:v1:${safetyDigits}`;

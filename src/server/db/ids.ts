// Row ids and storage keys: 24 characters, a lowercase letter then [a-z0-9] (the shape of the
// cuid2 ids already stored), from the system's random generator. About 124 random bits: no
// clock, counter or host in them, so they neither collide nor tell anything. cuid2 itself
// hashed every id with SHA-3 and big-number arithmetic, a quarter of a millisecond each,
// which a busy server paid on every message.
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const LENGTH = 24;
// 252 is the largest multiple of 36 below 256: bytes at or above it are skipped, so that every
// character is equally likely.
const UNBIASED = 252;

let pool = Buffer.alloc(0);
let offset = 0;

function nextByte(): number {
  if (offset >= pool.length) {
    pool = randomFillSync(Buffer.alloc(4096));
    offset = 0;
  }
  return pool[offset++]!;
}

/** A new random id. */
export function newId(): string {
  let id = "";
  while (id.length < LENGTH) {
    const byte = nextByte();
    if (byte >= UNBIASED) continue;
    // The first character is a letter, so an id never reads as a number.
    if (id.length === 0) {
      if (byte >= 26 * 9) continue;
      id += ALPHABET[10 + (byte % 26)];
    } else id += ALPHABET[byte % 36];
  }
  return id;
}

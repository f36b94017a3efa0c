// Binary values of secure messages travel as base64url strings without padding (RFC 4648 §5),
// so they sit in JSON, URLs and jsonb columns unchanged.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUE = new Map([...ALPHABET].map((char, index) => [char, index]));

export function toB64url(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (let i = 0; i < view.length; i += 3) {
    const chunk = (view[i]! << 16) | ((view[i + 1] ?? 0) << 8) | (view[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((view.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** The bytes of a base64url string; throws on a character outside the alphabet, padding, or an impossible length. */
export function fromB64url(s: string): Uint8Array<ArrayBuffer> {
  if (s.length % 4 === 1) throw new TypeError("Not base64url: impossible length");
  const out = new Uint8Array(Math.floor((s.length * 6) / 8));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const char of s) {
    const value = VALUE.get(char);
    if (value === undefined) throw new TypeError("Not base64url: unexpected character");
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** True when `s` is the one canonical base64url spelling of exactly `byteLength` bytes. */
export function isB64urlOf(s: string, byteLength: number): boolean {
  try {
    const bytes = fromB64url(s);
    return bytes.length === byteLength && toB64url(bytes) === s;
  } catch {
    return false;
  }
}

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

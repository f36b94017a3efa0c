// base64url without padding, as every binary value of a secure message travels.
import { describe, expect, test } from "vitest";
import { fromB64url, isB64urlOf, toB64url } from "./encoding";

describe("base64url", () => {
  test("matches RFC 4648 base64url for every length, and reads back", () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) & 0xff);
      const encoded = toB64url(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString("base64url"));
      expect(fromB64url(encoded)).toEqual(bytes);
      expect(toB64url(bytes.buffer)).toBe(encoded);
    }
  });

  test("refuses padding, characters outside the alphabet and impossible lengths", () => {
    expect(() => fromB64url("AAA=")).toThrow();
    expect(() => fromB64url("AA+/")).toThrow();
    expect(() => fromB64url("AAAAA")).toThrow();
    expect(() => fromB64url("AA\u00e9A")).toThrow();
  });

  test("isB64urlOf wants the canonical spelling of exactly that many bytes", () => {
    const key = toB64url(new Uint8Array(32).fill(7));
    expect(key).toHaveLength(43);
    expect(isB64urlOf(key, 32)).toBe(true);
    expect(isB64urlOf(key, 31)).toBe(false);
    // The last character of 32 bytes carries 2 spare bits: another letter would decode the same.
    expect(isB64urlOf(key.slice(0, 42) + "x", 32)).toBe(false);
    expect(isB64urlOf("", 0)).toBe(true);
  });
});

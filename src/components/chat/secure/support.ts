"use client";
// Whether this browser can take part in encrypted messages: a secure context (HTTPS or
// localhost), WebCrypto with Ed25519 and X25519, and IndexedDB to keep the keys in. Checked
// once per page; the answer is the reason it cannot, in words, or null.
let checking: Promise<string | null> | null = null;

async function check(): Promise<string | null> {
  if (!window.isSecureContext) return "Encrypted messages need a secure connection (HTTPS).";
  if (!globalThis.crypto?.subtle) return "This browser has no Web Crypto, which encrypted messages need.";
  if (typeof indexedDB === "undefined") return "This browser cannot keep keys (no IndexedDB), which encrypted messages need.";
  try {
    await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
    await crypto.subtle.generateKey({ name: "X25519" }, false, ["deriveBits"]);
  } catch {
    return "This browser does not support the Ed25519 and X25519 keys that encrypted messages need.";
  }
  return null;
}

export function secureUnavailableReason(): Promise<string | null> {
  checking ??= check();
  return checking;
}

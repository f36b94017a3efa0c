// The names and sizes every part of Relay's secure messages agrees on.

/** Stored with each secure message: which primitives sealed it. */
export const SECURE_ALGORITHM = "relay-x25519-aes256gcm-ed25519-v1";

/** Raw key and value sizes in bytes. */
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const IV_BYTES = 12;
export const CONTENT_KEY_BYTES = 32;
/** A wrapped content key: 32 bytes of key + 16 bytes of AES-GCM tag. */
export const WRAPPED_KEY_BYTES = 48;

/** A prekey is replaced when older than this; a retired one's private key is deleted this long after. */
export const PREKEY_ROTATE_MS = 7 * 24 * 60 * 60 * 1000;
export const PREKEY_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

export const MAX_PREKEY_ID = 2 ** 31 - 1;
export const MAX_ENVELOPE_KEYS = 40;
export const MAX_ACTIVE_DEVICES = 20;
export const MAX_CIPHERTEXT_CHARS = 40_000;
export const MAX_DEVICE_ID_CHARS = 64;
export const MAX_DEVICE_NAME_CHARS = 64;

// The shapes of secure messages and published keys with their bounds, shared by the server's
// inputs and outputs and by the browser. Every binary field must be the canonical base64url
// spelling of exactly its size, so one value has one spelling under a signature. Objects are
// strict: a key the design does not name is refused, so nothing unsigned rides along.
import { z } from "zod";
import { safeLine } from "../safe-text";
import {
  IV_BYTES,
  MAX_CIPHERTEXT_CHARS,
  MAX_DEVICE_ID_CHARS,
  MAX_DEVICE_NAME_CHARS,
  MAX_ENVELOPE_KEYS,
  MAX_PREKEY_ID,
  PUBLIC_KEY_BYTES,
  SECURE_ALGORITHM,
  SIGNATURE_BYTES,
  WRAPPED_KEY_BYTES,
} from "./constants";
import { isB64urlOf } from "./encoding";

const B64URL = /^[A-Za-z0-9_-]*$/;
const b64urlChars = (bytes: number) => Math.ceil((bytes * 4) / 3);

/** Exactly `bytes` bytes in canonical base64url. */
const fixedBytes = (field: string, bytes: number) =>
  z
    .string()
    .length(b64urlChars(bytes), `${field} must be ${bytes} bytes in base64url`)
    .refine((s) => isB64urlOf(s, bytes), `${field} must be ${bytes} bytes in base64url`);

export const secureDeviceId = z.string().min(1).max(MAX_DEVICE_ID_CHARS).refine(...safeLine("A device id"));
export const secureDeviceName = z.string().trim().min(1, "Name the device").max(MAX_DEVICE_NAME_CHARS).refine(...safeLine("A device name"));
export const prekeyId = z.number().int().min(1).max(MAX_PREKEY_ID);
export const publicKey = fixedBytes("A public key", PUBLIC_KEY_BYTES);
export const signature = fixedBytes("A signature", SIGNATURE_BYTES);
export const iv = fixedBytes("An IV", IV_BYTES);

export const publishedPrekey = z.strictObject({ id: prekeyId, publicKey, signature });

export const wrappedContentKey = z.strictObject({
  deviceId: secureDeviceId,
  prekeyId,
  ephemeralKey: publicKey,
  iv,
  wrappedKey: fixedBytes("A wrapped key", WRAPPED_KEY_BYTES),
});

export const secureEnvelope = z.strictObject({
  algorithm: z.literal(SECURE_ALGORITHM),
  senderDeviceId: secureDeviceId,
  iv,
  // At least the 16-byte tag of AES-GCM.
  ciphertext: z.string().min(b64urlChars(16)).max(MAX_CIPHERTEXT_CHARS).regex(B64URL, "The ciphertext must be base64url")
    .refine((s) => s.length % 4 !== 1, "The ciphertext must be base64url"),
  signature,
  keys: z
    .array(wrappedContentKey)
    .min(1)
    .max(MAX_ENVELOPE_KEYS)
    .refine((keys) => new Set(keys.map((key) => key.deviceId)).size === keys.length, "Each device appears once"),
});

export type SecureEnvelope = z.infer<typeof secureEnvelope>;
export type WrappedContentKey = z.infer<typeof wrappedContentKey>;

// Sealing and opening a secure message.
//
// Why a fresh content key per message, wrapped for each device with a fresh ephemeral X25519
// key, and not a Double Ratchet: in Relay several tabs of one browser are one device, and every
// device reloads its history from the server. A ratchet would need its session state shared
// between tabs and kept for as long as the history, and every reload would replay it. Here no
// state changes when a message is sent or read. Forward secrecy comes from the prekeys: the
// identity key only signs, and a prekey's private key is deleted a week after it is retired, so
// a stolen device reveals at most what was sent to it in the last two weeks (plus its own cache
// of opened messages, kept so old messages stay readable).
import { CONTENT_KEY_BYTES, IV_BYTES, SECURE_ALGORITHM } from "./constants";
import { wrapKey, x25519, x25519PublicOf } from "./derive";
import { fromB64url, toB64url, utf8 } from "./encoding";
import { verifySignature } from "./keys";
import { secureEnvelope, type SecureEnvelope, type WrappedContentKey } from "./schema";
import { MESSAGE_MAX_LENGTH } from "../limits";

export type { SecureEnvelope, WrappedContentKey } from "./schema";

export type RecipientDevice = { id: string; prekey: { id: number; publicKey: string } };
export type OpenResult = { ok: true; text: string } | { ok: false; reason: "unverified" | "no-key" | "corrupt" };

const subtle = () => globalThis.crypto.subtle;
const randomBytes = (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length));
const contentAad = (chatId: string, senderDeviceId: string) => utf8(`relay-secure-v1|${chatId}|${senderDeviceId}`);

/** The bytes the sender's identity signs: everything in the envelope, bound to the chat. */
export function signedBytes(chatId: string, envelope: Omit<SecureEnvelope, "algorithm" | "signature">) {
  const keys = [...envelope.keys]
    .sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0))
    .map((key) => [key.deviceId, key.prekeyId, key.ephemeralKey, key.iv, key.wrappedKey]);
  return utf8(JSON.stringify(["relay-secure-v1", chatId, envelope.senderDeviceId, envelope.iv, envelope.ciphertext, keys]));
}

async function wrapFor(device: RecipientDevice, contentKey: Uint8Array<ArrayBuffer>): Promise<WrappedContentKey> {
  const ephemeral = (await subtle().generateKey({ name: "X25519" }, false, ["deriveBits"])) as CryptoKeyPair;
  const ephemeralPub = new Uint8Array(await subtle().exportKey("raw", ephemeral.publicKey));
  const prekeyPub = fromB64url(device.prekey.publicKey);
  const key = await wrapKey(await x25519(ephemeral.privateKey, prekeyPub), ephemeralPub, prekeyPub);
  const iv = randomBytes(IV_BYTES);
  const wrapped = await subtle().encrypt({ name: "AES-GCM", iv, additionalData: utf8(device.id) }, key, contentKey);
  return { deviceId: device.id, prekeyId: device.prekey.id, ephemeralKey: toB64url(ephemeralPub), iv: toB64url(iv), wrappedKey: toB64url(wrapped) };
}

export async function sealMessage(input: {
  chatId: string;
  text: string;
  senderDeviceId: string;
  identity: CryptoKeyPair;
  recipients: RecipientDevice[];
}): Promise<SecureEnvelope> {
  if (input.text.length > MESSAGE_MAX_LENGTH) throw new RangeError(`A message has at most ${MESSAGE_MAX_LENGTH} characters`);
  if (new Set(input.recipients.map((device) => device.id)).size !== input.recipients.length) {
    throw new TypeError("Each recipient device appears once");
  }
  const contentKeyBytes = randomBytes(CONTENT_KEY_BYTES);
  const contentKey = await subtle().importKey("raw", contentKeyBytes, "AES-GCM", false, ["encrypt"]);
  const iv = randomBytes(IV_BYTES);
  const plaintext = utf8(JSON.stringify({ v: 1, text: input.text }));
  const ciphertext = await subtle().encrypt(
    { name: "AES-GCM", iv, additionalData: contentAad(input.chatId, input.senderDeviceId) },
    contentKey,
    plaintext,
  );
  const keys = await Promise.all(input.recipients.map((device) => wrapFor(device, contentKeyBytes)));
  const unsigned = { senderDeviceId: input.senderDeviceId, iv: toB64url(iv), ciphertext: toB64url(ciphertext), keys };
  const signature = await subtle().sign({ name: "Ed25519" }, input.identity.privateKey, signedBytes(input.chatId, unsigned));
  return secureEnvelope.parse({ algorithm: SECURE_ALGORITHM, ...unsigned, signature: toB64url(signature) });
}

/** True when the envelope is well formed and signed, for this chat, by the sender device's identity key. */
export async function verifyEnvelope(chatId: string, envelope: SecureEnvelope, senderIdentityKey: string): Promise<boolean> {
  const parsed = secureEnvelope.safeParse(envelope);
  if (!parsed.success) return false;
  return verifySignature(senderIdentityKey, parsed.data.signature, signedBytes(chatId, parsed.data));
}

async function decryptText(
  chatId: string,
  envelope: SecureEnvelope,
  entry: WrappedContentKey,
  prekey: CryptoKey,
): Promise<string | null> {
  try {
    const ephemeralPub = fromB64url(entry.ephemeralKey);
    const key = await wrapKey(await x25519(prekey, ephemeralPub), ephemeralPub, await x25519PublicOf(prekey));
    const contentKeyBytes = await subtle().decrypt(
      { name: "AES-GCM", iv: fromB64url(entry.iv), additionalData: utf8(entry.deviceId) },
      key,
      fromB64url(entry.wrappedKey),
    );
    const contentKey = await subtle().importKey("raw", contentKeyBytes, "AES-GCM", false, ["decrypt"]);
    const plaintext = await subtle().decrypt(
      { name: "AES-GCM", iv: fromB64url(envelope.iv), additionalData: contentAad(chatId, envelope.senderDeviceId) },
      contentKey,
      fromB64url(envelope.ciphertext),
    );
    const body: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext));
    if (typeof body !== "object" || body === null) return null;
    const { v, text } = body as { v?: unknown; text?: unknown };
    return v === 1 && typeof text === "string" ? text : null;
  } catch {
    return null;
  }
}

/**
 * The text of a secure message for this device. The signature is checked first, so a message
 * that is not verifiably from its sender device never yields text. `senderIdentityKey` null
 * (the sender device is unknown) is "unverified"; no wrapped key for this device, or its prekey
 * already deleted, is "no-key"; anything that fails to decrypt is "corrupt".
 */
export async function openMessage(input: {
  chatId: string;
  envelope: SecureEnvelope;
  deviceId: string;
  prekeys: Map<number, CryptoKey>;
  senderIdentityKey: string | null;
}): Promise<OpenResult> {
  const parsed = secureEnvelope.safeParse(input.envelope);
  if (!parsed.success) return { ok: false, reason: "corrupt" };
  const envelope = parsed.data;
  if (input.senderIdentityKey === null || !(await verifyEnvelope(input.chatId, envelope, input.senderIdentityKey))) {
    return { ok: false, reason: "unverified" };
  }
  const entry = envelope.keys.find((key) => key.deviceId === input.deviceId);
  const prekey = entry && input.prekeys.get(entry.prekeyId);
  if (!entry || !prekey) return { ok: false, reason: "no-key" };
  const text = await decryptText(input.chatId, envelope, entry, prekey);
  return text === null ? { ok: false, reason: "corrupt" } : { ok: true, text };
}

// Relay's end-to-end encryption for direct chats: WebCrypto only, the same in browser and Node.
export * from "./constants";
export { toB64url, fromB64url } from "./encoding";
export {
  generateDeviceKeys,
  newPrekey,
  publishPrekey,
  publicBundle,
  verifyPrekey,
  exportPublicKey,
  type DeviceKeys,
  type Prekey,
  type PublishedKeys,
  type PublishedPrekey,
} from "./keys";
export { sealMessage, openMessage, verifyEnvelope, signedBytes, type RecipientDevice, type OpenResult } from "./envelope";
export { fingerprint, safetyNumber, groupDigits, safetyQrPayload } from "./safety-number";
export { secureEnvelope, publishedPrekey, wrappedContentKey, secureDeviceId, secureDeviceName, prekeyId, type SecureEnvelope, type WrappedContentKey } from "./schema";

// Published keys from RFC 8032 (Ed25519) and RFC 7748 (X25519), imported as a device would hold
// them, so tests can check Relay's formats against fixed bytes.
import { toB64url } from "./encoding";

const subtle = () => globalThis.crypto.subtle;
export const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (byte) => parseInt(byte, 16));
export const toHex = (bytes: Uint8Array | ArrayBuffer) =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");

// PKCS#8 of a 32-byte private key: the ASN.1 header of the OID 1.3.101.112 (Ed25519) or .110 (X25519).
const pkcs8 = (oidLast: number, secretHex: string) =>
  Uint8Array.from([...hex(`302e020100300506032b65${oidLast.toString(16)}04220420`), ...hex(secretHex)]);

export const RFC8032_TEST1 = {
  secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
  public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
  signatureOfEmpty:
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
};
export const RFC8032_TEST2 = {
  secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
  public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
};
export const RFC7748_ALICE = {
  secret: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
  public: "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
};
export const RFC7748_BOB = {
  secret: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
  public: "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
};
export const RFC7748_SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

export async function importEd25519Pair(key: { secret: string; public: string }): Promise<CryptoKeyPair> {
  return {
    privateKey: await subtle().importKey("pkcs8", pkcs8(0x70, key.secret), { name: "Ed25519" }, false, ["sign"]),
    publicKey: await subtle().importKey("raw", hex(key.public), { name: "Ed25519" }, true, ["verify"]),
  };
}

export const importX25519Private = (key: { secret: string }) =>
  subtle().importKey("pkcs8", pkcs8(0x6e, key.secret), { name: "X25519" }, false, ["deriveBits"]);

export const b64 = (hexString: string) => toB64url(hex(hexString));

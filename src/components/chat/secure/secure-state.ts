// What a secure message shows, from what opening it gave: its text, or why there is none.
// Nothing but a successfully verified and decrypted text is ever shown as the message.
import type { OpenResult } from "@/lib/secure";

export type SecureState =
  | { kind: "text"; text: string }
  | { kind: "no-key"; label: string }
  | { kind: "unverified"; label: string }
  | { kind: "unavailable"; label: string };

export const BEFORE_SETUP = "Sent before this device was set up";
export const UNVERIFIED = "Could not be verified";

export function secureStateOf(result: OpenResult): SecureState {
  if (result.ok) return { kind: "text", text: result.text };
  // No wrapped key for this device (or its prekey is long deleted): sealed before it existed.
  if (result.reason === "no-key") return { kind: "no-key", label: BEFORE_SETUP };
  return { kind: "unverified", label: UNVERIFIED };
}

/** Why a browser that cannot open secure messages shows none of them. */
export const unavailableState = (reason: string): SecureState => ({ kind: "unavailable", label: reason });

type Device = { id: string; userId: string; identityKey: string; prekey: { id: number; publicKey: string; signature: string }; revokedAt: string | null };
type Bundles = { people: { userId: string; devices: Device[] }[] };

/** The devices a message is sealed for: every active device of both people. */
export const activeDevices = (bundles: Bundles) => bundles.people.flatMap((person) => person.devices.filter((device) => device.revokedAt === null));

/** A person's active identity keys: what the safety number and the key-change notice compare. */
export const identityKeysOf = (bundles: Bundles, userId: string) =>
  activeDevices(bundles)
    .filter((device) => device.userId === userId)
    .map((device) => device.identityKey);

/** The identity key of the device that sent a message, revoked or not; null when unknown. */
export const senderKeyOf = (bundles: Bundles, deviceId: string) =>
  bundles.people.flatMap((person) => person.devices).find((device) => device.id === deviceId)?.identityKey ?? null;

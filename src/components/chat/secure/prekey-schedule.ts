// When this device's keys change: a prekey is replaced once it is older than a week, and a
// replaced prekey's private key is kept one more week (for messages sealed to it while the
// replacement reached the senders), then deleted so that a stolen device cannot open them.
import { PREKEY_GRACE_MS, PREKEY_ROTATE_MS, MAX_PREKEY_ID } from "@/lib/secure";

export type PrekeyDates = { id: number; createdAt: number; retiredAt: number | null };

/** True when the current prekey is old enough to be replaced. */
export const isPrekeyDue = (current: Pick<PrekeyDates, "createdAt">, now: number) => now - current.createdAt >= PREKEY_ROTATE_MS;

/** The ids of retired prekeys whose private keys must now be deleted. */
export const prekeysToDelete = (prekeys: PrekeyDates[], now: number) =>
  prekeys.filter((prekey) => prekey.retiredAt !== null && now - prekey.retiredAt >= PREKEY_GRACE_MS).map((prekey) => prekey.id);

/** The prekey in use: the one not retired with the highest id (null before the device exists). */
export function currentPrekey<P extends PrekeyDates>(prekeys: P[]): P | null {
  return prekeys.filter((prekey) => prekey.retiredAt === null).reduce<P | null>((best, prekey) => (best && best.id > prekey.id ? best : prekey), null);
}

/** The id of the next prekey: the server accepts only a greater one. */
export function nextPrekeyId(current: Pick<PrekeyDates, "id">) {
  if (current.id >= MAX_PREKEY_ID) throw new RangeError("No prekey id is left for this device");
  return current.id + 1;
}

/** A person's identity keys in the order they are pinned and compared. */
export const sortedKeys = (identityKeys: string[]) => [...new Set(identityKeys)].sort();

/** True when a person's current identity keys differ from the pinned ones (the "keys changed" notice). */
export function peerKeysChanged(pinned: string[], current: string[]) {
  const [a, b] = [sortedKeys(pinned), sortedKeys(current)];
  return a.length !== b.length || a.some((key, index) => key !== b[index]);
}

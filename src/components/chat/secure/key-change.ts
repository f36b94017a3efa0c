// The "keys changed" notice: a peer's active identity keys against the ones this browser
// pinned when it last saw them. The first sight pins quietly (trust on first use); a person
// with no pinned keys setting up their first device is no change either.
import { peerKeysChanged } from "./prekey-schedule";

export type KeyDecision = "pin" | "same" | "changed";

export function keyDecision(pinned: string[] | null, current: string[]): KeyDecision {
  if (pinned === null || pinned.length === 0) return current.length === 0 ? "same" : "pin";
  return peerKeysChanged(pinned, current) ? "changed" : "same";
}

export const keyChangeNotice = (name: string) => `${name}'s security keys changed. Verify the safety number.`;

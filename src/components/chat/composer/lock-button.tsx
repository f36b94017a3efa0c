"use client";
import { Lock, LockOpen } from "lucide-react";
import { toolClass } from "./composer-styles";

/**
 * The lock of a direct chat: on, the text is end-to-end encrypted (text only: files, voice,
 * polls and scheduling step aside). `unavailable`: why this browser cannot, and the lock is off;
 * `note`: the lock's state in words, its title.
 */
export type SecureToggle = { on: boolean; unavailable: string | null; note: string; onChange: (on: boolean) => void };

/** The composer's lock: pressed while the next message is encrypted. */
export function LockButton({ secure }: { secure: SecureToggle }) {
  return (
    <button
      type="button"
      aria-pressed={secure.on}
      aria-label="Encrypt end-to-end"
      title={secure.note}
      disabled={secure.unavailable !== null}
      onClick={() => secure.onChange(!secure.on)}
      data-testid="secure-toggle"
      className={`${toolClass} disabled:cursor-not-allowed disabled:opacity-40 ${secure.on ? "text-emerald-600! dark:text-emerald-400!" : ""}`}
    >
      {secure.on ? <Lock className="h-5 w-5" aria-hidden="true" /> : <LockOpen className="h-5 w-5" aria-hidden="true" />}
    </button>
  );
}

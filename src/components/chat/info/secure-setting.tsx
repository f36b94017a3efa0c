"use client";
import { Lock, ShieldCheck } from "lucide-react";
import { useId, useState } from "react";

/**
 * A direct chat's encryption: "Always secure" (the composer's lock starts on, for both people)
 * and the way to the verification screen.
 */
export function SecureSetting({
  secureDefault,
  onChange,
  onVerify,
}: {
  secureDefault: boolean;
  onChange: (secure: boolean) => Promise<unknown>;
  onVerify: () => void;
}) {
  const id = useId();
  // Shown at once, as asked; the chat's info, refreshed once the server has it, takes over.
  const [asked, setAsked] = useState<boolean | null>(null);
  async function change(secure: boolean) {
    setAsked(secure);
    await onChange(secure);
    setAsked(null);
  }
  return (
    <section aria-labelledby={`${id}-heading`} className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 id={`${id}-heading`} className="flex items-center gap-2 text-sm font-semibold">
        <Lock className="h-4 w-4" aria-hidden="true" />
        Encryption
      </h3>
      <label className="mt-2 flex items-start justify-between gap-3 text-sm">
        <span>
          Always secure
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            New messages start end-to-end encrypted; the lock in the composer can still turn it off for one.
          </span>
        </span>
        <input
          type="checkbox"
          role="switch"
          checked={asked ?? secureDefault}
          onChange={(e) => void change(e.target.checked)}
          className="mt-0.5 h-5 w-5 shrink-0 accent-brand-600"
        />
      </label>
      <button
        type="button"
        onClick={onVerify}
        className="mt-3 flex w-full items-center gap-2 rounded-lg px-2 py-2 text-left text-sm font-medium text-brand-700 transition-colors hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-brand-500 dark:hover:bg-slate-800"
      >
        <ShieldCheck className="h-4 w-4" aria-hidden="true" />
        Verify safety number
      </button>
    </section>
  );
}

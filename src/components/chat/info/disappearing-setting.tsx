"use client";
import { Timer } from "lucide-react";
import { useId } from "react";
import { TIMER_CHOICES, timerLabel } from "@/lib/disappearing";

/**
 * The chat's disappearing-messages timer: a select for whoever may change it (either person of
 * a direct chat, a group's owner and admins; the server decides), the setting as text otherwise.
 */
export function DisappearingSetting({
  seconds,
  canEdit,
  onChange,
}: {
  seconds: number | null;
  canEdit: boolean;
  onChange: (seconds: number | null) => Promise<unknown>;
}) {
  const selectId = useId();
  return (
    <section aria-labelledby={`${selectId}-heading`} className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 id={`${selectId}-heading`} className="flex items-center gap-2 text-sm font-semibold">
        <Timer className="h-4 w-4" aria-hidden="true" />
        Disappearing messages
      </h3>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        New messages disappear for everyone this long after they are sent.
      </p>
      {canEdit ? (
        <label htmlFor={selectId} className="mt-2 flex items-center justify-between gap-3 text-sm">
          <span>Timer</span>
          <select
            id={selectId}
            data-testid="disappearing-select"
            value={seconds === null ? "off" : String(seconds)}
            // Never disabled while saving: that would drop the keyboard's focus out of the panel.
            onChange={(e) => void onChange(e.target.value === "off" ? null : Number(e.target.value))}
            className="rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          >
            {TIMER_CHOICES.map((choice) => (
              <option key={choice.label} value={choice.value === null ? "off" : String(choice.value)}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p data-testid="disappearing-value" className="mt-2 text-sm">
          {seconds === null ? "Off" : timerLabel(seconds)}
          <span className="block text-xs text-slate-500 dark:text-slate-400">Only the group&apos;s owner and admins can change it.</span>
        </p>
      )}
    </section>
  );
}

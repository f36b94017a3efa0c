"use client";
import { useId, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { fullTime } from "@/lib/format";

/** "in 1 hour", "tomorrow at 9:00", or a time of one's own. */
function presets(now: Date): { label: string; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return [
    { label: "In 1 hour", at: new Date(now.getTime() + 3600_000) },
    { label: "Tomorrow at 9:00", at: tomorrow },
  ];
}

/** A Date as a datetime-local input shows it: local time, to the second. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A datetime-local value read as local time; null when incomplete. */
export function fromLocalInput(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Picks when a message goes out: a preset sends at once (one click), a custom time is
 * confirmed with Schedule. The server holds the limits (a minute to a year ahead) and says
 * so if the time is outside them.
 */
export function ScheduleDialog({
  title = "Schedule message",
  initial,
  onPick,
  onClose,
}: {
  title?: string;
  initial?: Date;
  onPick: (at: Date) => void;
  onClose: () => void;
}) {
  const [now] = useState(() => new Date());
  const [custom, setCustom] = useState(() => toLocalInput(initial ?? new Date(now.getTime() + 3600_000)));
  const inputId = useId();
  const at = fromLocalInput(custom);
  return (
    <Dialog title={title} onClose={onClose} action={{ label: "Schedule", onClick: () => at && onPick(at), disabled: !at }}>
      <div className="flex flex-col gap-1 p-2" data-testid="schedule-dialog">
        {presets(now).map((preset) => (
          <button
            key={preset.label}
            type="button"
            onClick={() => onPick(preset.at)}
            className="flex items-center justify-between rounded-lg px-3 py-2.5 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
          >
            <span className="font-medium">{preset.label}</span>
            <span className="text-slate-500 dark:text-slate-400">{fullTime(preset.at.toISOString())}</span>
          </button>
        ))}
        <label htmlFor={inputId} className="mt-2 px-3 text-sm font-medium">
          Custom time
        </label>
        <input
          id={inputId}
          type="datetime-local"
          step={1}
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && at) {
              e.preventDefault();
              onPick(at);
            }
          }}
          className="mx-3 mb-2 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:[color-scheme:dark]"
        />
      </div>
    </Dialog>
  );
}

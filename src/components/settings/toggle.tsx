import { useId } from "react";

/** A labelled on/off switch; `note` is read with it (aria-describedby). */
export function Toggle({
  label,
  checked,
  onChange,
  disabled = false,
  busy = false,
  note,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  busy?: boolean;
  note?: string;
}) {
  const noteId = useId();
  const control = (
    <label className={`flex items-center justify-between gap-4 ${disabled ? "cursor-not-allowed" : "cursor-pointer"}`}>
      <span className="font-medium">{label}</span>
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        aria-busy={busy || undefined}
        aria-describedby={note ? noteId : undefined}
        onChange={(e) => onChange(e.target.checked)}
        className="h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-slate-300 transition-colors before:block before:h-4 before:w-4 before:translate-x-0.5 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-brand-600 checked:before:translate-x-[1.125rem] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-slate-600"
      />
    </label>
  );
  if (!note) return control;
  return (
    <div className="space-y-1">
      {control}
      <p id={noteId} className="text-sm text-slate-600 dark:text-slate-300">
        {note}
      </p>
    </div>
  );
}

"use client";
import { Search, X } from "lucide-react";
import type { InputHTMLAttributes, KeyboardEvent, Ref } from "react";

/** What a caller may add to the box: ARIA wiring (a combobox's), its own keys, a ref. */
type ExtraInputProps = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "role" | "aria-expanded" | "aria-controls" | "aria-activedescendant" | "aria-autocomplete" | "aria-describedby"
>;

/**
 * A rounded search box with its icon. Esc runs `onEscape` (clear, or close a dialog); with
 * `onClear`, a ✕ button clears a non-empty box. `onKeyDown` sees every other key first.
 */
export function SearchField({
  label,
  value,
  onChange,
  onEscape,
  onClear,
  onKeyDown,
  autoFocus = false,
  inputRef,
  inputProps,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onEscape?: () => void;
  onClear?: () => void;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  inputProps?: ExtraInputProps;
}) {
  return (
    <label className="relative block">
      <span className="sr-only">{label}</span>
      <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
      <input
        ref={inputRef}
        // A plain text box with the searchbox role: type="search" would spend the first Esc on
        // clearing itself.
        type="text"
        role="searchbox"
        enterKeyHint="search"
        autoComplete="off"
        spellCheck={false}
        {...inputProps}
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && onEscape) {
            e.preventDefault();
            onEscape();
            return;
          }
          onKeyDown?.(e);
        }}
        placeholder={label}
        className="w-full rounded-full border border-transparent bg-slate-100 py-2 pl-9 pr-9 text-sm focus:border-brand-500 focus:bg-white focus:outline-none dark:bg-slate-800 dark:focus:bg-slate-900"
      />
      {onClear && value ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={onClear}
          className="absolute right-2 top-1/2 -translate-y-1/2 rounded-full p-1 text-slate-400 hover:text-slate-600"
        >
          <X className="h-4 w-4" aria-hidden="true" />
        </button>
      ) : null}
    </label>
  );
}

// A real <table> with a caption (read by screen readers), scrolling sideways on a phone.
// `relative`: the screen-reader-only text in its cells is positioned absolutely, and would
// otherwise widen the page from outside the scrolling box.
import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** `narrow`: few columns, which fit a phone without scrolling. */
export function Table({ caption, narrow = false, children }: { caption: string; narrow?: boolean; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto">
      <table className={`w-full border-collapse text-left text-sm ${narrow ? "" : "min-w-[40rem]"}`}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={`border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400 ${className}`}
      {...props}
    />
  );
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`border-b border-slate-100 px-3 py-2 align-top dark:border-slate-800/70 ${className}`} {...props} />;
}

export const smallButton =
  "rounded-md px-2 py-1 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50";
export const linkButton =
  "text-left text-brand-600 underline-offset-2 hover:underline dark:text-brand-400";

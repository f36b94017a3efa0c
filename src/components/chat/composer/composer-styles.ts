// The composer's round tool and send buttons, shared by its bars.
export const toolClass =
  "inline-flex h-10 w-9 shrink-0 items-center justify-center rounded-full text-slate-500 transition-colors hover:bg-slate-100 hover:text-brand-600 sm:w-10 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-brand-400";
export const roundClass =
  "inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-white transition-colors hover:bg-brand-700 disabled:bg-slate-300 dark:disabled:bg-slate-700";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

/** The bar atop the right-hand pane, with the way back to the chat list. */
export function PaneHeader({ children, backOnPhoneOnly = false }: { children: ReactNode; backOnPhoneOnly?: boolean }) {
  return (
    <header className="relative flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-950">
      <Link
        href="/chats"
        className={`relative z-10 rounded-full p-2 hover:bg-slate-100 dark:hover:bg-slate-800 ${backOnPhoneOnly ? "md:hidden" : ""}`}
        aria-label="Back to chats"
      >
        <ArrowLeft className="h-5 w-5" aria-hidden="true" />
      </Link>
      {children}
    </header>
  );
}

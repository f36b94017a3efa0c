"use client";
import { X } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import { IconButton } from "@/components/ui/button";
import { panelFrame } from "./panel-frame";

/**
 * A chat's info, beside the conversation on a wide screen, over it on a phone. Esc or the ✕
 * closes it, and focus goes back to where it was (the header).
 */
export function InfoPanel({
  title,
  testId,
  onClose,
  children,
  dialogs,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  /** Dialogs opened from the panel, kept inside it so Esc in them does not close it. */
  dialogs?: ReactNode;
}) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    return () => opener?.focus();
  }, []);
  return (
    <aside
      data-testid={testId}
      aria-label={title}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.defaultPrevented) onClose();
      }}
      className={panelFrame}
    >
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <IconButton ref={closeButton} aria-label={`Close ${title.toLowerCase()}`} onClick={onClose}>
          <X className="h-5 w-5" aria-hidden="true" />
        </IconButton>
        <h2 className="font-semibold">{title}</h2>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
      {dialogs}
    </aside>
  );
}

"use client";
// A modal on the native <dialog>: the browser keeps focus inside it and makes the page behind
// inert; Esc and a click on the backdrop close it, and focus goes back where it was.
import { X } from "lucide-react";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button, IconButton } from "./button";

/**
 * The dialog's one action, shown beside Cancel. `focusCancel`: Cancel, not the action, has the
 * focus on opening (for what cannot be undone).
 */
export type DialogAction = {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  variant?: "primary" | "danger";
  focusCancel?: boolean;
};

export function Dialog({
  title,
  onClose,
  children,
  action,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  action?: DialogAction;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      className="m-auto max-h-[min(36rem,90dvh)] w-[min(26rem,calc(100vw-2rem))] rounded-2xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100 open:flex open:flex-col"
    >
      <header className="flex items-center gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id={titleId} className="flex-1 font-semibold">
          {title}
        </h2>
        <IconButton aria-label="Close" onClick={onClose}>
          <X className="h-5 w-5" aria-hidden="true" />
        </IconButton>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
      {action ? (
        <footer className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3 dark:border-slate-800">
          <Button variant="ghost" onClick={onClose} autoFocus={action.focusCancel}>
            Cancel
          </Button>
          <Button variant={action.variant ?? "primary"} onClick={action.onClick} disabled={action.disabled}>
            {action.label}
          </Button>
        </footer>
      ) : null}
    </dialog>
  );
}

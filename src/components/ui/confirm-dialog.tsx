"use client";
import { Dialog } from "./dialog";

/** Asks once more before something that cannot be undone; Cancel has the focus. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      action={{
        label: confirmLabel,
        variant: "danger",
        focusCancel: true,
        onClick: () => {
          onClose();
          onConfirm();
        },
      }}
    >
      <p className="p-4 text-sm text-slate-600 dark:text-slate-300">{body}</p>
    </Dialog>
  );
}

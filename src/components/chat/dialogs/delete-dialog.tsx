"use client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Deleting for everyone cannot be undone, so it is asked once more. */
export function DeleteDialog({ onConfirm, onClose }: { onConfirm: () => void; onClose: () => void }) {
  return (
    <ConfirmDialog
      title="Delete for everyone?"
      body="The message will be removed for everyone in this chat. A note that it was deleted stays in its place."
      confirmLabel="Delete"
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}

"use client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Deleting for everyone cannot be undone, so it is asked once more. */
export function DeleteDialog({ onConfirm, onClose }: { onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog
      title="Delete for everyone?"
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            Delete
          </Button>
        </>
      }
    >
      <p className="p-4 text-sm text-slate-600 dark:text-slate-300">
        The message will be removed for everyone in this chat. A note that it was deleted stays in its place.
      </p>
    </Dialog>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField } from "@/components/ui/text-field";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";

const MAX_REASON = 500;

/** Tells the moderators what is wrong with a message. */
export function ReportDialog({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const report = useMutation(
    trpc.messages.report.mutationOptions({
      onSuccess: () => {
        toast("Thanks — the moderators will look at it");
        onClose();
      },
    }),
  );
  const length = reason.trim().length;
  const fieldErrors = (report.error?.data?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  const error = report.error
    ? report.error.data?.code === "CONFLICT"
      ? "Already reported: the moderators have your report for this message."
      : (fieldErrors.reason?.[0] ?? report.error.message)
    : undefined;

  return (
    <Dialog
      title="Report message"
      onClose={onClose}
      action={{
        label: report.isPending ? "Sending…" : "Report",
        variant: "danger",
        onClick: () => report.mutate({ messageId, reason: reason.trim() }),
        disabled: length === 0 || length > MAX_REASON || report.isPending,
      }}
    >
      <div className="space-y-2 p-4">
        <TextAreaField
          label="Reason"
          rows={4}
          autoFocus
          maxLength={MAX_REASON}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Spam, abuse, something else…"
          hint={`${length}/${MAX_REASON}`}
          error={error}
        />
      </div>
    </Dialog>
  );
}

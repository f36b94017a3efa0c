"use client";
// Asks why before an admin acts (ban, delete, resolve): the reason is shown to the person
// concerned and kept in the audit log. Bounds come from the API's own schema.
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField } from "@/components/ui/text-field";
import { REASON_MAX, reason as reasonSchema } from "@/lib/admin-validators";

export function ReasonDialog({
  title,
  description,
  label,
  actionLabel,
  required,
  danger = false,
  pending,
  serverError,
  onSubmit,
  onClose,
}: {
  title: string;
  description: string;
  label: string;
  actionLabel: string;
  required: boolean;
  danger?: boolean;
  pending: boolean;
  serverError: string | null;
  onSubmit: (reason: string | undefined) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!required && text.trim() === "") return onSubmit(undefined);
    const parsed = reasonSchema.safeParse(text);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the reason");
    setError(null);
    onSubmit(parsed.data);
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      action={{ label: pending ? "Working…" : actionLabel, onClick: submit, disabled: pending, variant: danger ? "danger" : "primary" }}
    >
      <form
        className="space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="text-sm text-slate-600 dark:text-slate-300">{description}</p>
        <TextAreaField
          label={required ? label : `${label} (optional)`}
          rows={3}
          maxLength={REASON_MAX}
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          error={error ?? serverError ?? undefined}
          hint={`${text.length} / ${REASON_MAX}`}
        />
      </form>
    </Dialog>
  );
}

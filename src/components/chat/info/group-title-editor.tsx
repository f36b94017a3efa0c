"use client";
import { Check, Pencil, X } from "lucide-react";
import { useState } from "react";
import { IconButton } from "@/components/ui/button";

/** The group's title; those allowed to rename get a pencil that turns it into a field. */
export function GroupTitleEditor({
  title,
  canEdit,
  onRename,
}: {
  title: string;
  canEdit: boolean;
  onRename: (title: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save() {
    const next = draft?.trim() ?? "";
    if (!next || next === title) return setDraft(null);
    setSaving(true);
    if (await onRename(next)) setDraft(null);
    setSaving(false);
  }
  if (draft === null) {
    return (
      <div className="flex items-center justify-center gap-1">
        <h2 className="min-w-0 break-words text-center text-lg font-semibold">{title}</h2>
        {canEdit ? (
          <IconButton aria-label="Rename group" title="Rename group" onClick={() => setDraft(title)}>
            <Pencil className="h-4 w-4" aria-hidden="true" />
          </IconButton>
        ) : null}
      </div>
    );
  }
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        aria-label="Group title"
        value={draft}
        maxLength={100}
        autoFocus
        disabled={saving}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            // Esc leaves the field, not the panel.
            e.stopPropagation();
            setDraft(null);
          }
        }}
        className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
      />
      <IconButton type="submit" aria-label="Save title" disabled={saving}>
        <Check className="h-4 w-4" aria-hidden="true" />
      </IconButton>
      <IconButton aria-label="Cancel renaming" onClick={() => setDraft(null)}>
        <X className="h-4 w-4" aria-hidden="true" />
      </IconButton>
    </form>
  );
}

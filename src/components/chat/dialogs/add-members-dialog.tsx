"use client";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { PublicUser } from "@/lib/api-types";
import { PeoplePicker } from "@/components/chat/people/people-picker";

/** Picks people who are not in the group yet; Add hands them over and closes on success. */
export function AddMembersDialog({
  memberIds,
  onAdd,
  onClose,
}: {
  memberIds: string[];
  onAdd: (userIds: string[]) => Promise<boolean>;
  onClose: () => void;
}) {
  const [people, setPeople] = useState<PublicUser[]>([]);
  const [saving, setSaving] = useState(false);
  async function add() {
    setSaving(true);
    const added = await onAdd(people.map((p) => p.id));
    setSaving(false);
    if (added) onClose();
  }
  return (
    <Dialog
      title="Add members"
      onClose={onClose}
      action={{
        label: saving ? "Adding…" : people.length > 1 ? `Add ${people.length} people` : "Add",
        onClick: () => void add(),
        disabled: people.length === 0 || saving,
      }}
    >
      <PeoplePicker chosen={people} onChange={setPeople} excludeIds={memberIds} onEscape={onClose} autoFocus />
    </Dialog>
  );
}

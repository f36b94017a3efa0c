"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import type { PublicUser } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";
import { PeoplePicker } from "@/components/chat/people/people-picker";

/** A title and the people to invite; Create opens the new group. */
export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const me = useMe();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [people, setPeople] = useState<PublicUser[]>([]);
  const create = useMutation(
    trpc.chats.createGroup.mutationOptions({
      onSuccess: (chat) => {
        void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
        onClose();
        router.push(`/chats/${chat.id}`);
      },
    }),
  );
  const ready = title.trim().length > 0 && people.length > 0 && !create.isPending;
  const submit = () => ready && create.mutate({ title: title.trim(), memberIds: people.map((p) => p.id) });

  return (
    <Dialog
      title="New group"
      onClose={onClose}
      action={{ label: create.isPending ? "Creating…" : "Create", onClick: submit, disabled: !ready }}
    >
      <div className="px-4 pt-3">
        <TextField
          label="Group title"
          autoFocus
          value={title}
          maxLength={100}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && submit()}
          error={create.isError ? create.error.message : undefined}
        />
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">
          {people.length ? `${people.length + 1} members with you` : "Add at least one person."}
        </p>
      </div>
      <PeoplePicker chosen={people} onChange={setPeople} excludeIds={[me.id]} onEscape={onClose} />
    </Dialog>
  );
}

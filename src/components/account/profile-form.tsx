"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SettingsNav } from "@/components/settings/settings-nav";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { useTRPC } from "@/trpc/react";
import { AvatarEditor } from "./avatar-editor";
import { useMe } from "@/components/chat/me-context";
import { PaneHeader } from "@/components/ui/pane-header";

export function ProfileForm() {
  const me = useMe();
  const trpc = useTRPC();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.users.updateMe.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const fieldErrors = (update.error?.data?.fieldErrors ?? {}) as Record<string, string[] | undefined>;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    update.mutate({
      firstName: String(form.get("firstName") ?? ""),
      lastName: String(form.get("lastName") ?? ""),
      bio: String(form.get("bio") ?? "") || null,
    });
  }

  return (
    <div className="h-full overflow-y-auto">
      <PaneHeader>
        <h1 className="font-semibold">Your profile</h1>
      </PaneHeader>
      <SettingsNav />
      <form onSubmit={onSubmit} className="mx-auto max-w-md space-y-4 p-6" noValidate>
        <AvatarEditor />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="First name" name="firstName" defaultValue={me.firstName} error={fieldErrors.firstName?.[0]} required />
          <TextField label="Last name" name="lastName" defaultValue={me.lastName} error={fieldErrors.lastName?.[0]} required />
        </div>
        <TextAreaField label="Bio" name="bio" rows={3} maxLength={500} defaultValue={me.bio ?? ""} error={fieldErrors.bio?.[0]} />
        {update.isError && !update.error.data?.fieldErrors ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {update.error.message}
          </p>
        ) : null}
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save"}
          </Button>
          {saved ? (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Saved
            </p>
          ) : null}
        </div>
      </form>
    </div>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { Camera, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { uploadFile } from "@/components/media/upload";
import { useUploadLimit } from "@/components/media/upload-limit";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { fullName } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";

/**
 * My picture: choose an image (shown at once while it uploads), or remove it to go back to
 * initials. Saved as soon as it is uploaded.
 */
export function AvatarEditor() {
  const me = useMe();
  const uploadLimit = useUploadLimit();
  const trpc = useTRPC();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  // The chosen image, shown while it uploads, and how far along that is.
  const [busy, setBusy] = useState<{ preview: string; progress: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useMutation(trpc.users.updateMe.mutationOptions({ onSuccess: () => router.refresh() }));

  async function choose(file: File) {
    setError(null);
    if (!file.type.startsWith("image/")) {
      setError("Choose an image (PNG, JPEG, WebP, GIF or AVIF).");
      return;
    }
    const preview = URL.createObjectURL(file);
    setBusy({ preview, progress: 0 });
    try {
      const uploaded = await uploadFile(file, file.name, uploadLimit, (progress) => setBusy((b) => b && { ...b, progress })).promise;
      await update.mutateAsync({ avatarFileId: uploaded.id });
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not change your photo.");
    } finally {
      setBusy(null);
      URL.revokeObjectURL(preview);
    }
  }

  async function remove() {
    setError(null);
    try {
      await update.mutateAsync({ avatarFileId: null });
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not remove your photo.");
    }
  }

  const name = fullName(me);
  return (
    <div className="flex items-center gap-4">
      <span className="relative shrink-0">
        <Avatar name={name} seed={me.id} src={busy?.preview ?? me.avatarUrl} size="lg" />
        {busy ? (
          <span
            role="progressbar"
            aria-label="Uploading your photo"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(busy.progress * 100)}
            className="absolute inset-0 flex items-center justify-center rounded-full bg-slate-950/50 text-xs font-semibold text-white"
          >
            {Math.round(busy.progress * 100)}%
          </span>
        ) : null}
      </span>
      <div className="min-w-0 space-y-1.5">
        <p className="truncate text-lg font-semibold">{name}</p>
        <p className="truncate text-sm text-slate-500 dark:text-slate-400">@{me.username}</p>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" className="px-3 py-1.5" onClick={() => input.current?.click()} disabled={busy !== null || update.isPending}>
            <Camera className="h-4 w-4" aria-hidden="true" />
            {me.avatarUrl ? "Change photo" : "Upload photo"}
          </Button>
          {me.avatarUrl && !busy ? (
            <Button variant="ghost" className="px-3 py-1.5" onClick={() => void remove()} disabled={update.isPending}>
              <Trash2 className="h-4 w-4" aria-hidden="true" />
              Remove
            </Button>
          ) : null}
        </div>
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
          hidden
          data-testid="avatar-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void choose(file);
          }}
        />
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

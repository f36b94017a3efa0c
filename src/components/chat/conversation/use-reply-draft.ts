"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { MessageView } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { readDraft, updateDraft } from "@/components/chat/composer/drafts";
import type { ComposerMode } from "@/components/chat/composer/composer";

/**
 * The message I was answering in a chat's draft: put back into the composer when I come back
 * (if it is still there to answer, however far back), and kept in the draft while it changes.
 */
export function useReplyDraft({
  userId,
  chatId,
  mode,
  setMode,
  nameOf,
  ready,
}: {
  userId: string;
  chatId: string;
  mode: ComposerMode;
  setMode: (mode: ComposerMode) => void;
  nameOf: (userId: string | null) => string;
  /** The chat's members are known: the reply bar can name whom it answers. */
  ready: boolean;
}) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  // undefined: the draft is not read yet (on the server, or while hydrating); null: nothing left to restore.
  const [savedId, setSavedId] = useState<string | null | undefined>(undefined);
  if (hydrated && savedId === undefined) setSavedId(readDraft(userId, chatId)?.replyToId ?? null);
  const saved = useQuery(trpc.messages.byId.queryOptions({ messageId: savedId ?? "" }, { enabled: !!savedId, retry: false }));
  if (savedId && !saved.isPending && (ready || saved.isError)) {
    setSavedId(null);
    const message: MessageView | undefined = saved.data;
    if (message && !message.deletedAt && mode === null) setMode({ kind: "reply", message, senderName: nameOf(message.senderId) });
  }

  const replyToId = mode?.kind === "reply" ? mode.message.id : null;
  const restored = savedId === null;
  useEffect(() => {
    if (restored) updateDraft(userId, chatId, { replyToId });
  }, [restored, userId, chatId, replyToId]);
}

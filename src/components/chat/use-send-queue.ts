"use client";
// Optimistic sending: a message shows at once with its client id (files with their local
// previews); the server's copy replaces it. A message with files is sent once its uploads are
// done. A failed send stays on screen with Retry, which reuses the client id so the server can
// never store it twice.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { MessageKind, PublicUser, ReplyPreview } from "@/server/services/views";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { addMessageToCache } from "./cache";
import type { UploadStore } from "./upload-store";

export type OutgoingMessage = {
  kind: Exclude<MessageKind, "system">;
  /** The text, or the caption of a contact or of files. */
  content: string;
  /** kind "contact": the person shared. */
  contact?: PublicUser | null;
  /** kinds "attachment" and "voice": the upload store's keys of the files, in order. */
  uploads?: string[];
  /** kind "voice": the recording's length in seconds. */
  durationSec?: number | null;
  /** kind "sticker": its id. */
  sticker?: string | null;
};

export type PendingMessage = Required<OutgoingMessage> & {
  clientId: string;
  replyTo: ReplyPreview | null;
  createdAt: string;
  status: "sending" | "failed";
  /** Why it failed, in words a person can act on. */
  error: string | null;
};

export function useSendQueue(chatId: string, uploads: UploadStore) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingMessage[]>([]);

  const patch = useCallback(
    (clientId: string, change: Partial<PendingMessage>) =>
      setPending((list) => list.map((m) => (m.clientId === clientId ? { ...m, ...change } : m))),
    [],
  );

  const attempt = useCallback(
    async (message: PendingMessage) => {
      patch(message.clientId, { status: "sending", error: null });
      try {
        const files = message.uploads.length ? await uploads.wait(message.uploads) : [];
        const saved = await client.messages.send.mutate({
          chatId,
          kind: message.kind,
          content: message.content || undefined,
          contactUserId: message.contact?.id,
          attachments: files.length ? files.map((f) => f.id) : undefined,
          durationSec: message.durationSec ?? undefined,
          sticker: message.sticker ?? undefined,
          clientId: message.clientId,
          replyToId: message.replyTo?.id,
        });
        addMessageToCache(queryClient, trpc, saved);
        setPending((list) => list.filter((m) => m.clientId !== message.clientId));
        uploads.remove(message.uploads);
      } catch (error) {
        patch(message.clientId, { status: "failed", error: error instanceof Error ? error.message : null });
      }
    },
    [client, chatId, queryClient, trpc, uploads, patch],
  );

  const send = useCallback(
    (outgoing: OutgoingMessage, replyTo: ReplyPreview | null = null) => {
      const message: PendingMessage = {
        contact: null,
        uploads: [],
        durationSec: null,
        sticker: null,
        ...outgoing,
        clientId: crypto.randomUUID(),
        replyTo,
        createdAt: new Date().toISOString(),
        status: "sending",
        error: null,
      };
      setPending((list) => [...list, message]);
      void attempt(message);
    },
    [attempt],
  );

  const retry = useCallback((message: PendingMessage) => void attempt(message), [attempt]);
  const discard = useCallback(
    (clientId: string) => {
      uploads.remove(pending.find((m) => m.clientId === clientId)?.uploads ?? []);
      setPending((list) => list.filter((m) => m.clientId !== clientId));
    },
    [pending, uploads],
  );

  return { pending, send, retry, discard };
}

"use client";
// Optimistic sending: a message shows at once with its client id; the server's copy replaces
// it. A failed send stays on screen with Retry, which reuses the client id so the server can
// never store it twice.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { PublicUser, ReplyPreview } from "@/server/services/views";
import { useTRPCClient } from "@/trpc/react";
import { addMessageToCache } from "./cache";

export type PendingMessage = {
  clientId: string;
  content: string;
  /** The person shared, for a contact message; content is then its (optional) caption. */
  contact: PublicUser | null;
  replyTo: ReplyPreview | null;
  createdAt: string;
  status: "sending" | "failed";
};

export function useSendQueue(chatId: string) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingMessage[]>([]);

  const attempt = useCallback(
    async (message: PendingMessage) => {
      setPending((list) => list.map((m) => (m.clientId === message.clientId ? { ...m, status: "sending" } : m)));
      try {
        const saved = await client.messages.send.mutate({
          chatId,
          ...(message.contact ? { kind: "contact", contactUserId: message.contact.id } : { kind: "text" }),
          content: message.content,
          clientId: message.clientId,
          replyToId: message.replyTo?.id,
        });
        addMessageToCache(queryClient, saved);
        setPending((list) => list.filter((m) => m.clientId !== message.clientId));
      } catch {
        setPending((list) => list.map((m) => (m.clientId === message.clientId ? { ...m, status: "failed" } : m)));
      }
    },
    [client, chatId, queryClient],
  );

  const send = useCallback(
    (content: string, replyTo: ReplyPreview | null = null, contact: PublicUser | null = null) => {
      const message: PendingMessage = {
        clientId: crypto.randomUUID(),
        content,
        contact,
        replyTo,
        createdAt: new Date().toISOString(),
        status: "sending",
      };
      setPending((list) => [...list, message]);
      void attempt(message);
    },
    [attempt],
  );

  const retry = useCallback((message: PendingMessage) => void attempt(message), [attempt]);
  const discard = useCallback(
    (clientId: string) => setPending((list) => list.filter((m) => m.clientId !== clientId)),
    [],
  );

  return { pending, send, retry, discard };
}

"use client";
// Optimistic sending: a message shows at once with its client id (files with their local
// previews); the server's copy replaces it. A message with files is sent once its uploads are
// done. A failed send stays on screen with Retry, which reuses the client id so the server can
// never store it twice. A send refused for going too fast says how long to wait, counting down.
// Until the server acknowledges it, a message is also kept in the outbox (IndexedDB), so a
// reload sends it again instead of losing it.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageKind, PublicUser, ReplyPreview } from "@/lib/api-types";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { addMessageToCache } from "@/components/chat/cache";
import { retryAfterOf, waitNotice } from "@/components/chat/retry-wait";
import { connectionNow, isConnectionFailure, subscribeConnection } from "@/components/chat/connection/connection-store";
import { useMe } from "@/components/chat/me-context";
import { sendSecure } from "@/components/chat/secure/lazy";
import { outboxOf, putInOutbox, removeFromOutbox } from "./outbox";
import type { UploadStore } from "./upload-store";

export type OutgoingMessage = {
  kind: Exclude<MessageKind, "system" | "poll" | "secure">;
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
  /** kind "text": sealed in this browser and sent with messages.sendSecure. */
  secure?: boolean;
};

/** What `messages.send` is asked for an outgoing message, its files uploaded. */
export function sendInputOf(
  chatId: string,
  message: OutgoingMessage,
  files: { id: string }[],
  extra: { clientId: string; replyToId?: string | null; scheduledFor?: Date },
) {
  return {
    chatId,
    kind: message.kind,
    content: message.content || undefined,
    contactUserId: message.contact?.id,
    attachments: files.length ? files.map((f) => f.id) : undefined,
    durationSec: message.durationSec ?? undefined,
    sticker: message.sticker ?? undefined,
    clientId: extra.clientId,
    replyToId: extra.replyToId ?? undefined,
    scheduledFor: extra.scheduledFor,
  };
}

export type PendingMessage = Required<OutgoingMessage> & {
  clientId: string;
  replyTo: ReplyPreview | null;
  createdAt: string;
  status: "sending" | "failed";
  /** Why it failed, in words a person can act on. */
  error: string | null;
  /** It got no answer (no network, the server down): sent again once Relay is reachable. */
  waitingForNetwork: boolean;
};

const NO_CONNECTION = "Not sent yet: no connection. It will go once you are back online.";

export function useSendQueue(chatId: string, uploads: UploadStore) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useMe();
  const [pending, setPending] = useState<PendingMessage[]>([]);
  // Every client id this queue has shown, so a message restored from the outbox is never shown
  // (or sent) twice.
  const held = useRef(new Set<string>());

  const patch = useCallback(
    (clientId: string, change: Partial<PendingMessage>) =>
      setPending((list) => list.map((m) => (m.clientId === clientId ? { ...m, ...change } : m))),
    [],
  );

  // One countdown per refused message, by client id.
  const countdowns = useRef(new Map<string, ReturnType<typeof setInterval>>());
  const stopCountdown = useCallback((clientId: string) => {
    clearInterval(countdowns.current.get(clientId));
    countdowns.current.delete(clientId);
  }, []);
  useEffect(() => {
    const timers = countdowns.current;
    return () => timers.forEach((timer) => clearInterval(timer));
  }, []);
  const countDown = useCallback(
    (clientId: string, message: string, seconds: number) => {
      const until = Date.now() + seconds * 1000;
      countdowns.current.set(
        clientId,
        setInterval(() => {
          const left = Math.ceil((until - Date.now()) / 1000);
          patch(clientId, { error: waitNotice(message, left) });
          if (left <= 0) stopCountdown(clientId);
        }, 1000),
      );
    },
    [patch, stopCountdown],
  );

  // The sends of this chat, one after another: requests sent together may reach the server in
  // any order, and the chat must keep the order its person typed in.
  const previousSend = useRef<Promise<void>>(Promise.resolve());

  const attempt = useCallback(
    async (message: PendingMessage) => {
      stopCountdown(message.clientId);
      patch(message.clientId, { status: "sending", error: null, waitingForNetwork: false });
      const before = previousSend.current;
      let settled!: () => void;
      previousSend.current = new Promise<void>((resolve) => (settled = resolve));
      try {
        const waitingFiles = message.uploads.length ? uploads.wait(message.uploads) : Promise.resolve([]);
        waitingFiles.catch(() => {}); // its failure is handled below, once it is this send's turn
        await before;
        const files = await waitingFiles;
        const saved = message.secure
          ? await sendSecure(client, me.id, { chatId, clientId: message.clientId, text: message.content, replyToId: message.replyTo?.id })
          : await client.messages.send.mutate(sendInputOf(chatId, message, files, { clientId: message.clientId, replyToId: message.replyTo?.id }));
        addMessageToCache(queryClient, trpc, saved);
        setPending((list) => list.filter((m) => m.clientId !== message.clientId));
        void removeFromOutbox(message.clientId);
        uploads.remove(message.uploads);
      } catch (error) {
        if (isConnectionFailure(error)) return void patch(message.clientId, { status: "failed", error: NO_CONNECTION, waitingForNetwork: true });
        // Refused, not lost: it stays on screen with Retry, but a reload must not send it again.
        void removeFromOutbox(message.clientId);
        const text = error instanceof Error ? error.message : null;
        patch(message.clientId, { status: "failed", error: text });
        const wait = retryAfterOf(error);
        if (wait !== null && text) countDown(message.clientId, text, wait);
      } finally {
        settled();
      }
    },
    [client, chatId, me.id, queryClient, trpc, uploads, patch, stopCountdown, countDown],
  );

  const send = useCallback(
    (outgoing: OutgoingMessage, replyTo: ReplyPreview | null = null) => {
      const message: PendingMessage = {
        contact: null,
        uploads: [],
        durationSec: null,
        sticker: null,
        secure: false,
        ...outgoing,
        clientId: crypto.randomUUID(),
        replyTo,
        createdAt: new Date().toISOString(),
        status: "sending",
        error: null,
        waitingForNetwork: false,
      };
      held.current.add(message.clientId);
      setPending((list) => [...list, message]);
      // Stored before its send can be acknowledged: IndexedDB runs a store's transactions in
      // the order they were made, so the removal on success cannot overtake this.
      void putInOutbox(me.id, chatId, message);
      void attempt(message);
    },
    [attempt, me.id, chatId],
  );

  // What an earlier visit left unacknowledged goes first, in the order it was written.
  useEffect(() => {
    let stale = false;
    void outboxOf(me.id, chatId).then((left) => {
      const fresh = left.filter((m) => !held.current.has(m.clientId));
      if (stale || !fresh.length) return;
      for (const m of fresh) held.current.add(m.clientId);
      setPending((list) => [...fresh, ...list]);
      for (const message of fresh) void attempt(message);
    });
    return () => {
      stale = true;
    };
  }, [me.id, chatId, attempt]);

  const retry = useCallback((message: PendingMessage) => void attempt(message), [attempt]);

  // Back online: what failed for want of a connection goes again, in order, with the same
  // client ids (the server keeps one of each, however many tries reached it).
  const waiting = useRef<PendingMessage[]>([]);
  useEffect(() => {
    waiting.current = pending.filter((m) => m.waitingForNetwork);
  }, [pending]);
  useEffect(
    () =>
      subscribeConnection(() => {
        if (connectionNow() !== "online") return;
        for (const message of waiting.current) void attempt(message);
        waiting.current = [];
      }),
    [attempt],
  );
  const discard = useCallback(
    (clientId: string) => {
      stopCountdown(clientId);
      uploads.remove(pending.find((m) => m.clientId === clientId)?.uploads ?? []);
      setPending((list) => list.filter((m) => m.clientId !== clientId));
      void removeFromOutbox(clientId);
    },
    [pending, uploads, stopCountdown],
  );

  return { pending, send, retry, discard };
}

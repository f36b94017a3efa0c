"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/trpc/react";

/**
 * At most one markRead a second: a busy group would otherwise cost a call per message per
 * member with the chat open. The call that waits marks up to the newest message seen by then.
 */
const MARK_READ_EVERY_MS = 1_000;

/**
 * Marks the chat read up to the newest message seen on screen (see useSeenMessages). The
 * unread counts follow from the `message:status` the server sends my devices, this one
 * included (or, with the stream down, from the refetch when it starts again).
 */
export function useMarkRead(chatId: string, seen: { id: string; seq: number } | null) {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.messages.markRead.mutationOptions());
  const marked = useRef(0);
  const lastCallAt = useRef(0);
  const newest = useRef(seen);
  // Not cancelled on unmount: a message seen just before leaving the chat is still read.
  const waiting = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!seen || seen.seq <= marked.current) return;
    marked.current = seen.seq;
    newest.current = seen;
    const call = () => {
      waiting.current = null;
      lastCallAt.current = Date.now();
      mutate({ chatId, upToMessageId: newest.current!.id });
    };
    if (waiting.current) return;
    const wait = lastCallAt.current + MARK_READ_EVERY_MS - Date.now();
    if (wait <= 0) call();
    else waiting.current = setTimeout(call, wait);
  }, [chatId, seen, mutate]);
}

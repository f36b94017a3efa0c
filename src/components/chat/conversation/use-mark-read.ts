"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/trpc/react";

/**
 * At most one markRead a second: a busy group would otherwise cost a call per message per
 * member with the chat open. A call marks up to the chat's newest message, so the one that
 * waits covers everything that arrived meanwhile.
 */
const MARK_READ_EVERY_MS = 1_000;

/**
 * Marks the chat read while it is open and visible, whenever someone else's message arrives.
 * The unread counts follow from the `message:status` the server sends my devices, this one
 * included (or, with the stream down, from the refetch when it starts again).
 */
export function useMarkRead(chatId: string, newestFromOthers: number | undefined) {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.messages.markRead.mutationOptions());
  const marked = useRef(0);
  const lastCallAt = useRef(0);
  // Not cancelled on unmount: a message seen just before leaving the chat is still read.
  const waiting = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const call = () => {
      waiting.current = null;
      lastCallAt.current = Date.now();
      mutate({ chatId });
    };
    const run = () => {
      if (newestFromOthers === undefined || newestFromOthers <= marked.current) return;
      if (document.visibilityState !== "visible") return;
      marked.current = newestFromOthers;
      if (waiting.current) return;
      const wait = lastCallAt.current + MARK_READ_EVERY_MS - Date.now();
      if (wait <= 0) call();
      else waiting.current = setTimeout(call, wait);
    };
    run();
    document.addEventListener("visibilitychange", run);
    return () => document.removeEventListener("visibilitychange", run);
  }, [chatId, newestFromOthers, mutate]);
}

"use client";
// Tells the chat that I am typing: a start at most every few seconds while keys are pressed
// (the server ends it ~5 s after the last one), and a stop on send, on clearing the box and on
// leaving the chat. Best effort: a lost signal only delays the indicator.
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useTRPCClient } from "@/trpc/react";

const REFRESH_MS = 3_000;

export function useTypingSignal(chatId: string) {
  const client = useTRPCClient();
  const lastStart = useRef(0);
  // One signal at a time, in order: a stop sent while its start is still on the way must not
  // overtake it (the start would then win, and the indicator linger after the message).
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const signal = useCallback(
    (typing: boolean) => {
      queue.current = queue.current
        .then(() => client.chats.setTyping.mutate({ chatId, typing }))
        .catch(() => undefined);
    },
    [chatId, client],
  );

  const stop = useCallback(() => {
    if (lastStart.current === 0) return;
    lastStart.current = 0;
    signal(false);
  }, [signal]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastStart.current < REFRESH_MS) return;
    lastStart.current = now;
    signal(true);
  }, [signal]);

  useEffect(() => stop, [stop]);
  return useMemo(() => ({ typed, stop }), [typed, stop]);
}

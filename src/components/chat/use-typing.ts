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

  const stop = useCallback(() => {
    if (lastStart.current === 0) return;
    lastStart.current = 0;
    client.chats.setTyping.mutate({ chatId, typing: false }).catch(() => undefined);
  }, [chatId, client]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastStart.current < REFRESH_MS) return;
    lastStart.current = now;
    client.chats.setTyping.mutate({ chatId, typing: true }).catch(() => undefined);
  }, [chatId, client]);

  useEffect(() => stop, [stop]);
  return useMemo(() => ({ typed, stop }), [typed, stop]);
}

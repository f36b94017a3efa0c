"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/trpc/react";

/** Marks the chat read while it is open and visible, whenever someone else's message arrives. */
export function useMarkRead(chatId: string, newestFromOthers: number | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const marked = useRef(0);
  const markRead = useMutation(
    trpc.messages.markRead.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.chats.list.pathFilter()),
    }),
  );
  const { mutate } = markRead;
  useEffect(() => {
    const run = () => {
      if (newestFromOthers === undefined || newestFromOthers <= marked.current) return;
      if (document.visibilityState !== "visible") return;
      marked.current = newestFromOthers;
      mutate({ chatId });
    };
    run();
    document.addEventListener("visibilitychange", run);
    return () => document.removeEventListener("visibilitychange", run);
  }, [chatId, newestFromOthers, mutate]);
}

"use client";
// How live changes land in the browser's query cache: one place for every screen.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { MessageView } from "@/server/services/views";

export type MessagePage = { items: MessageView[]; nextCursor: string | null };

export const allMessagesKey = ["messages"] as const;
export const messagesKey = (chatId: string) => [...allMessagesKey, chatId] as const;

/** Adds a message to its chat's loaded history (newest first), once. */
export function addMessageToCache(queryClient: QueryClient, message: MessageView) {
  queryClient.setQueryData<InfiniteData<MessagePage, string | null>>(messagesKey(message.chatId), (data) => {
    if (!data) return data;
    const seen = data.pages.some((page) => page.items.some((m) => m.id === message.id));
    if (seen) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data;
    const items = [...first.items, message].sort((a, b) => b.seq - a.seq);
    return { ...data, pages: [{ ...first, items }, ...rest] };
  });
}

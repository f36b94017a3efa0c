"use client";
// The chats a dialog offers (forward to, go to), filtered as the person types, and what the
// list shows while they load, when they fail and when none match.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/spinner";
import type { ChatSummary } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";

/** My chats as far as the chat list has paged them (its first page of 30). */
export function useMyChats() {
  const trpc = useTRPC();
  const chats = useInfiniteQuery(trpc.chats.list.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (last) => last.nextCursor }));
  return { query: chats, all: chats.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The names a chat is found by: its title and, for a direct chat, the other person's username. */
export const chatNames = (chat: ChatSummary) => [chat.title.toLowerCase(), chat.peer?.username.toLowerCase() ?? ""];

/** Chats whose title or username holds `needle` (already lower case and trimmed), in the order given. */
export const chatsHolding = (chats: ChatSummary[], needle: string) =>
  needle ? chats.filter((chat) => chatNames(chat).some((name) => name.includes(needle))) : chats;

/** Loading, failed, or nothing to list; null when there are chats to show. */
export function ChatListState({ query, count, filter }: { query: { isPending: boolean; isError: boolean }; count: number; filter: string }) {
  if (query.isPending) {
    return (
      <div className="flex justify-center p-6">
        <Spinner label="Loading chats" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <p role="alert" className="p-6 text-center text-sm text-red-600 dark:text-red-400">
        Could not load your chats.
      </p>
    );
  }
  if (count > 0) return null;
  return (
    <p role="status" className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
      {filter.trim() ? `No chat matches “${filter.trim()}”.` : "You have no chats yet."}
    </p>
  );
}

"use client";
// The queries a chat's history lives in. The latest history is paged from the newest message
// down (`cursor`). A chat opened at a message has a window of its own, under its own key: it
// starts `around` that message and grows both ways, older (`cursor`, next pages) and newer
// (`after`, previous pages, put in front), until it reaches the newest message. A separate key
// keeps the latest history exactly as the cache writers have always known it (its first page
// is the newest), and lets the window be dropped whole once it is left. Both keys share the
// prefix of `chatHistories`, so a writer reaches every history of a chat at once.
import { infiniteQueryOptions, type InfiniteData, type QueryFilters } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { MessageView } from "@/lib/api-types";
import type { useTRPC, useTRPCClient } from "@/trpc/react";

export type MessagePage = { items: MessageView[]; nextCursor: string | null; prevCursor?: string | null };
export type HistoryPageParam = { around: string } | { cursor: string } | { after: string } | null;
export type History = InfiniteData<MessagePage, unknown>;
type TRPC = ReturnType<typeof useTRPC>;
type Client = ReturnType<typeof useTRPCClient>;

/** The latest history as `messages.list` pages it (the server's default page, 50). */
export const historyOptions = (trpc: TRPC, chatId: string) =>
  trpc.messages.list.infiniteQueryOptions({ chatId }, { initialCursor: null, getNextPageParam: (last) => last.nextCursor });

/** The key of the latest history. */
export const historyKey = (trpc: TRPC, chatId: string) => trpc.messages.list.infiniteQueryKey({ chatId });

/** The window opened at `messageId`. */
export function anchoredHistoryOptions(trpc: TRPC, client: Client, chatId: string, messageId: string) {
  // The input the key names; pages add their own starting point to it.
  const queryKey: readonly unknown[] = trpc.messages.list.infiniteQueryKey({ chatId, around: messageId });
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => client.messages.list.query({ chatId, ...(pageParam ?? { around: messageId }) }, { signal }),
    initialPageParam: { around: messageId } as HistoryPageParam,
    getNextPageParam: (last: MessagePage): HistoryPageParam | undefined => (last.nextCursor ? { cursor: last.nextCursor } : undefined),
    getPreviousPageParam: (first: MessagePage): HistoryPageParam | undefined => (first.prevCursor ? { after: first.prevCursor } : undefined),
    // A message that is gone stays gone: no second try.
    retry: (failures, error) => !isNotFound(error) && failures < 1,
  });
}

/** Every loaded history of a chat: the latest and any window opened at a message. */
export const chatHistories = (trpc: TRPC, chatId: string): QueryFilters => ({ queryKey: historyKey(trpc, chatId) });

/** A history whose newest page is the chat's newest: new messages belong in it. */
export const reachesNewest = (data: History | undefined) => !data?.pages[0]?.prevCursor;

export const isNotFound = (error: unknown) => error instanceof TRPCClientError && error.data?.code === "NOT_FOUND";

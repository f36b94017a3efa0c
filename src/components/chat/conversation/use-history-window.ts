"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { anchoredHistoryOptions, historyOptions, isNotFound, reachesNewest } from "@/components/chat/history-queries";

export type HistoryEdgeState = { loading: boolean; error: boolean; hasMore: boolean; onLoadMore: () => void; onRetry: () => void };

/**
 * The part of a chat's history on screen: the latest history, or (opened at a message) the
 * window around it, which pages older and newer and is live once it reaches the newest.
 */
export function useHistoryWindow(
  chatId: string,
  openAt: string | null,
  /**
   * `waiting`: nothing is fetched yet (whether a reload reopens the chat far back is being
   * read); `restored`: `openAt` is where a reload left the reader, not an address's message;
   * `onLeave`: the window is left for the latest history.
   */
  options: { waiting?: boolean; restored?: boolean; onLeave?: () => void } = {},
) {
  const { waiting = false, restored = false, onLeave } = options;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const latest = useInfiniteQuery({ ...historyOptions(trpc, chatId), enabled: openAt === null && !waiting });
  const anchored = useInfiniteQuery({ ...anchoredHistoryOptions(trpc, client, chatId, openAt ?? ""), enabled: openAt !== null });
  const query = openAt === null ? latest : anchored;

  const messages = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const live = openAt === null || (anchored.data !== undefined && reachesNewest(anchored.data));

  const toLatest = useCallback(() => {
    onLeave?.();
    router.replace(`/chats/${encodeURIComponent(chatId)}`, { scroll: false });
  }, [router, chatId, onLeave]);
  // The message is gone (deleted, or never in this chat): the chat opens at its newest instead
  // (said only of a message someone asked for).
  const missing = openAt !== null && isNotFound(anchored.error);
  useEffect(() => {
    if (!missing) return;
    if (!restored) toast("That message is no longer in this chat.", "error");
    toLatest();
  }, [missing, restored, toLatest]);

  const newerFailed = openAt !== null && anchored.isFetchPreviousPageError;
  const older: HistoryEdgeState = {
    loading: query.isPending || query.isFetchingNextPage,
    error: query.isError && !newerFailed && !missing,
    hasMore: query.hasNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    onRetry: () => void query.refetch(),
  };
  const newer: HistoryEdgeState = {
    loading: openAt !== null && anchored.isFetchingPreviousPage,
    error: newerFailed,
    hasMore: openAt !== null && anchored.hasPreviousPage,
    onLoadMore: () => void anchored.fetchPreviousPage(),
    onRetry: () => void anchored.fetchPreviousPage(),
  };
  return {
    /** Newest first. */
    messages,
    /** The newest message is in it: new ones are added as they come. */
    live,
    older,
    newer,
    /** Back to the latest history (from a window far back). */
    toLatest,
  };
}

"use client";
import { keepPreviousData, skipToken, useInfiniteQuery } from "@tanstack/react-query";
import { MESSAGE_QUERY_MAX } from "@/lib/limits";
import { useTRPC } from "@/trpc/react";

/**
 * Messages matching `q`, newest first, a page at a time; within one chat with `chatId`.
 * Nothing is asked while `q` is empty. The last answer stays shown while the next loads.
 */
export function useMessageSearch(q: string, { chatId, limit = 20 }: { chatId?: string; limit?: number } = {}) {
  const trpc = useTRPC();
  const text = q.slice(0, MESSAGE_QUERY_MAX);
  return useInfiniteQuery(
    trpc.messages.search.infiniteQueryOptions(
      // before:/after:/on: days begin at midnight where the searcher is.
      text ? { q: text, chatId, limit, utcOffsetMinutes: -new Date().getTimezoneOffset() } : skipToken,
      { getNextPageParam: (last) => last.nextCursor, placeholderData: keepPreviousData },
    ),
  );
}

"use client";
import { keepPreviousData, skipToken, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ChatSummary, MessageSearchHit, PublicUser } from "@/lib/api-types";
import { CHAT_QUERY_MAX, PEOPLE_QUERY_MAX } from "@/lib/limits";
import { useTRPC } from "@/trpc/react";
import { useMessageSearch } from "./use-message-search";

/** How many chats and people the list shows above the messages. */
const CHAT_RESULTS = 5;
const PEOPLE_RESULTS = 8;

/** What a section shows: a spinner, a failure with its retry, or its rows (maybe none). */
export type SectionState<T> =
  | { status: "loading" }
  | { status: "error"; retry: () => void }
  | { status: "ready"; items: T[]; refreshing: boolean };

type QueryLike<T> = { isPending: boolean; isError: boolean; isFetching: boolean; isPlaceholderData: boolean; refetch: () => unknown; items: T[] | undefined };

/** The few fields a section reads (naming each keeps TanStack Query's render tracking narrow). */
function stateOf<T>(query: Omit<QueryLike<T>, "items">, items: T[] | undefined): QueryLike<T> {
  const { isPending, isError, isFetching, isPlaceholderData, refetch } = query;
  return { isPending, isError, isFetching, isPlaceholderData, refetch, items };
}

function sectionOf<T>(query: QueryLike<T>, skipped: boolean): SectionState<T> {
  if (skipped) return { status: "ready", items: [], refreshing: false };
  if (query.isError && !query.items) return { status: "error", retry: () => void query.refetch() };
  if (query.isPending || !query.items) return { status: "loading" };
  return { status: "ready", items: query.items, refreshing: query.isFetching && query.isPlaceholderData };
}

/** The chats, people and messages matching `q` (already trimmed and settled). */
export function useGlobalResults(q: string) {
  const trpc = useTRPC();
  // Past their longest text, chats.list and users.search have nothing to say.
  const chatsSkipped = q.length > CHAT_QUERY_MAX;
  const peopleSkipped = q.length > PEOPLE_QUERY_MAX;
  // An infinite query like the chat list's, so live updates to chats.list reach these rows too.
  const chats = useInfiniteQuery(
    trpc.chats.list.infiniteQueryOptions(chatsSkipped ? skipToken : { q, limit: CHAT_RESULTS }, {
      getNextPageParam: () => null,
      placeholderData: keepPreviousData,
    }),
  );
  const people = useQuery(
    trpc.users.search.queryOptions(peopleSkipped ? skipToken : { q, limit: PEOPLE_RESULTS }, { placeholderData: keepPreviousData }),
  );
  const messages = useMessageSearch(q);

  const chatSection = sectionOf<ChatSummary>(stateOf(chats, chats.data?.pages[0]?.items), chatsSkipped);
  const peopleSection = sectionOf<PublicUser>(stateOf(people, people.data?.items), peopleSkipped);
  const messageSection = sectionOf<MessageSearchHit>(stateOf(messages, messages.data?.pages.flatMap((page) => page.items)), false);
  return {
    chats: chatSection,
    people: peopleSection,
    messages: messageSection,
    moreMessages: {
      hasMore: messages.hasNextPage,
      loading: messages.isFetchingNextPage,
      failed: messages.isFetchNextPageError,
      load: () => messages.fetchNextPage(),
    },
  };
}

"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useEffect, useMemo, useRef } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { dayLabel } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { messagesKey } from "./cache";
import { Composer } from "./composer";
import { useMe } from "./me-context";
import { MessageBubble } from "./message-bubble";
import { PaneHeader } from "./pane-header";
import { useSendQueue } from "./use-send-queue";

const PAGE_SIZE = 50;

export function Conversation({ chatId }: { chatId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useMe();
  const info = useQuery(trpc.chats.info.queryOptions({ chatId }));
  const history = useInfiniteQuery({
    queryKey: messagesKey(chatId),
    queryFn: ({ pageParam }) => client.messages.list.query({ chatId, before: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const { pending, send, retry, discard } = useSendQueue(chatId);

  const messages = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);
  const chronological = useMemo(() => messages.slice().reverse(), [messages]);
  const savedClientIds = useMemo(() => new Set(messages.map((m) => m.clientId)), [messages]);
  const unsaved = pending.filter((p) => !savedClientIds.has(p.clientId));
  useMarkRead(chatId, messages[0]?.senderId !== me.id ? messages[0]?.seq : undefined);

  if (info.isError) {
    return (
      <div className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
        <p className="font-medium">{info.error.data?.code === "NOT_FOUND" ? "This chat does not exist, or you are not in it." : "Could not open this chat."}</p>
        <Link href="/chats" className="text-brand-600 underline">
          Back to chats
        </Link>
      </div>
    );
  }

  const peerReadSeq = info.data?.peerReadSeq ?? 0;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PaneHeader backOnPhoneOnly>
        {info.data ? (
          <>
            <Avatar name={info.data.title} seed={info.data.peer?.id ?? chatId} size="sm" />
            <div className="min-w-0">
              <h1 className="truncate font-semibold">{info.data.title}</h1>
              {info.data.peer ? <p className="truncate text-xs text-slate-500">@{info.data.peer.username}</p> : null}
            </div>
          </>
        ) : (
          <Spinner label="Loading chat" />
        )}
      </PaneHeader>

      {/* A column-reverse scroller stays pinned to the newest message while older pages load
          above; inside it the list is in reading order (oldest first) for screen readers. */}
      <div className="flex min-h-0 flex-1 flex-col-reverse overflow-y-auto py-2">
        <div>
          <HistoryEdge
            loading={history.isPending || history.isFetchingNextPage}
            error={history.isError}
            hasMore={history.hasNextPage}
            empty={!history.isPending && messages.length === 0 && unsaved.length === 0}
            onLoadMore={() => void history.fetchNextPage()}
            onRetry={() => void history.refetch()}
          />
          <ol aria-label="Messages" aria-live="polite">
            {chronological.map((m, i) => {
              const older = chronological[i - 1];
              const newDay = !older || dayLabel(older.createdAt) !== dayLabel(m.createdAt);
              const mine = m.senderId === me.id;
              return (
                <Fragment key={m.id}>
                  {newDay ? (
                    <li className="my-2 text-center text-xs text-slate-500">
                      <span className="rounded-full bg-slate-200/70 px-2 py-0.5 dark:bg-slate-800">{dayLabel(m.createdAt)}</span>
                    </li>
                  ) : null}
                  <MessageBubble
                    content={m.content}
                    createdAt={m.createdAt}
                    mine={mine}
                    state={mine ? (m.seq <= peerReadSeq ? "read" : "sent") : undefined}
                  />
                </Fragment>
              );
            })}
            {unsaved.map((m) => (
              <MessageBubble
                key={m.clientId}
                content={m.content}
                createdAt={m.createdAt}
                mine
                state={m.status}
                onRetry={() => retry(m)}
                onDiscard={() => discard(m.clientId)}
              />
            ))}
          </ol>
        </div>
      </div>
      <Composer onSend={send} />
    </div>
  );
}

/** The top of the history: loads older pages when scrolled into view. */
function HistoryEdge(props: {
  loading: boolean;
  error: boolean;
  hasMore: boolean;
  empty: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { hasMore, loading, onLoadMore } = props;
  useEffect(() => {
    const node = ref.current;
    if (!node || !hasMore || loading) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onLoadMore(), {
      rootMargin: "200px",
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loading, onLoadMore]);

  return (
    <div ref={ref} className="flex min-h-8 justify-center py-2">
      {props.loading ? <Spinner label="Loading messages" /> : null}
      {props.error ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load messages.{" "}
          <Button variant="ghost" onClick={props.onRetry}>
            Try again
          </Button>
        </p>
      ) : null}
      {props.empty ? <p className="py-10 text-sm text-slate-500">No messages yet. Say hello!</p> : null}
    </div>
  );
}

/** Marks the chat read while it is open and visible, whenever someone else's message arrives. */
function useMarkRead(chatId: string, newestFromOthers: number | undefined) {
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

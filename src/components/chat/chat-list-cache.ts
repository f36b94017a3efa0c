"use client";
// The chat list follows live events in place: a new message becomes its chat's preview, counts
// as unread and lifts the chat to the top; an edit changes the preview; reading clears the
// badge. Only what an event cannot tell (a chat not loaded yet, the preview before a deleted
// last message, a renamed chat) is asked of the server again, and then without cancelling a
// fetch under way: under traffic a refetch per event, each cancelling the last, kept the list
// showing the old state for as long as messages kept coming.
import type { InfiniteData, Query, QueryClient } from "@tanstack/react-query";
import type { ChatSummary, MessageView } from "@/lib/api-types";
import type { useTRPC } from "@/trpc/react";

type TRPC = ReturnType<typeof useTRPC>;
type ListPage = { items: ChatSummary[]; nextCursor: string | null };
type ChatPages = InfiniteData<ListPage>;
/** What a cached list was asked for (its tab, or a search). */
type ListInput = { type?: ChatSummary["type"]; archived?: boolean; q?: string };

function listQueries(queryClient: QueryClient, trpc: TRPC) {
  return queryClient.getQueryCache().findAll(trpc.chats.list.pathFilter());
}

function inputOf(query: Query): ListInput {
  const key = query.queryKey[1] as { input?: ListInput } | undefined;
  return key?.input ?? {};
}

function chatIn(data: ChatPages | undefined, chatId: string): ChatSummary | undefined {
  for (const page of data?.pages ?? []) {
    const chat = page.items.find((c) => c.id === chatId);
    if (chat) return chat;
  }
  return undefined;
}

/** The chat as any cached list knows it (its type and archive state say which lists hold it). */
export function knownChat(queryClient: QueryClient, trpc: TRPC, chatId: string): ChatSummary | undefined {
  for (const query of listQueries(queryClient, trpc)) {
    const chat = chatIn(query.state.data as ChatPages | undefined, chatId);
    if (chat) return chat;
  }
  return undefined;
}

/** Whether a list asked for with `input` shows this chat (as far as its type and archive say). */
function belongsIn(input: ListInput, chat: ChatSummary): boolean {
  if (input.q) return false;
  if (Boolean(input.archived) !== chat.archived) return false;
  return !input.type || input.type === chat.type;
}

const following = new WeakSet<Query>();

/**
 * Asks the server for this list again. A fetch already under way is left to finish (it may
 * predate the change) and followed by one more: however many changes come meanwhile, one.
 */
function refetchAfterCurrent(queryClient: QueryClient, query: Query) {
  const { queryKey } = query;
  if (query.state.fetchStatus !== "fetching") return void queryClient.invalidateQueries({ queryKey, exact: true });
  if (following.has(query)) return;
  following.add(query);
  const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
    if (event.query !== query || query.state.fetchStatus === "fetching") return;
    unsubscribe();
    following.delete(query);
    void queryClient.invalidateQueries({ queryKey, exact: true });
  });
}

/** Every cached chat list asks the server again (see refetchAfterCurrent). */
export function refetchChatLists(queryClient: QueryClient, trpc: TRPC) {
  for (const query of listQueries(queryClient, trpc)) refetchAfterCurrent(queryClient, query);
}

/**
 * Changes one chat in every cached list that holds it; `lift` moves it to the top (new
 * activity). A list being fetched also gets a fetch after that one, whose answer may predate
 * the change.
 */
function updateChat(queryClient: QueryClient, trpc: TRPC, chatId: string, fn: (chat: ChatSummary) => ChatSummary, lift: boolean) {
  for (const query of listQueries(queryClient, trpc)) {
    const data = query.state.data as ChatPages | undefined;
    const chat = chatIn(data, chatId);
    if (!data || !chat) continue;
    const changed = fn(chat);
    if (changed === chat) continue;
    const pages = data.pages.map((page, i) => {
      const items = lift ? page.items.filter((c) => c.id !== chatId) : page.items.map((c) => (c.id === chatId ? changed : c));
      return lift && i === 0 ? { ...page, items: [changed, ...items] } : { ...page, items };
    });
    queryClient.setQueryData<ChatPages>(query.queryKey, { ...data, pages });
    if (query.state.fetchStatus === "fetching") refetchAfterCurrent(queryClient, query);
  }
}

/**
 * A new message: its chat's preview, unread count and place. A chat no cached list holds yet
 * (new, or beyond the pages loaded) comes from the server, in the lists that would show it.
 */
export function addMessageToChatList(queryClient: QueryClient, trpc: TRPC, meId: string, message: MessageView) {
  const known = knownChat(queryClient, trpc, message.chatId);
  if (!known) {
    for (const query of listQueries(queryClient, trpc)) if (!inputOf(query).q) refetchAfterCurrent(queryClient, query);
    if (message.senderId !== meId) refetchUnreadTotal(queryClient, trpc);
    return;
  }
  if (!known.lastMessage || known.lastMessage.seq < message.seq) {
    adjustUnreadTotal(queryClient, trpc, message.senderId === meId ? -known.unreadCount : 1);
  }
  for (const query of listQueries(queryClient, trpc)) {
    if (belongsIn(inputOf(query), known) && !chatIn(query.state.data as ChatPages | undefined, message.chatId)) refetchAfterCurrent(queryClient, query);
  }
  updateChat(
    queryClient,
    trpc,
    message.chatId,
    (chat) => {
      // A late or repeated event: the chat already shows this message or a newer one.
      if (chat.lastMessage && chat.lastMessage.seq >= message.seq) return chat;
      // My own message reads the chat up to it (on the server too).
      const unreadCount = message.senderId === meId ? 0 : chat.unreadCount + 1;
      return { ...chat, lastMessage: message, lastActivityAt: message.createdAt, unreadCount };
    },
    true,
  );
}

/** Changes one chat in place in every cached list that holds it (receipts, a preview's edit). */
export function changeChatInLists(queryClient: QueryClient, trpc: TRPC, chatId: string, fn: (chat: ChatSummary) => ChatSummary) {
  updateChat(queryClient, trpc, chatId, fn, false);
}

/** An edit (or a reaction count) of the message a chat shows as its preview. */
export function updateChatListPreview(queryClient: QueryClient, trpc: TRPC, chatId: string, message: Partial<MessageView> & { id: string }) {
  changeChatInLists(queryClient, trpc, chatId, (chat) =>
    chat.lastMessage?.id === message.id ? { ...chat, lastMessage: { ...chat.lastMessage, ...message } } : chat,
  );
}

/** The message a chat shows as its preview is gone: the one before it comes from the server. */
export function removeFromChatListPreview(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string) {
  for (const query of listQueries(queryClient, trpc)) {
    if (chatIn(query.state.data as ChatPages | undefined, chatId)?.lastMessage?.id === messageId) refetchAfterCurrent(queryClient, query);
  }
}

/**
 * I read the chat up to `lastReadSeq` (here or on another device). Seqs count every message,
 * so what is left unread is what came after it, up to the newest.
 */
export function readInChatList(queryClient: QueryClient, trpc: TRPC, chatId: string, lastReadSeq: number) {
  const known = knownChat(queryClient, trpc, chatId);
  if (known) adjustUnreadTotal(queryClient, trpc, unreadAfterReading(known, lastReadSeq) - known.unreadCount);
  else refetchUnreadTotal(queryClient, trpc);
  updateChat(
    queryClient,
    trpc,
    chatId,
    (chat) => {
      const unreadCount = unreadAfterReading(chat, lastReadSeq);
      return unreadCount === chat.unreadCount ? chat : { ...chat, unreadCount };
    },
    false,
  );
}

function unreadAfterReading(chat: ChatSummary, lastReadSeq: number) {
  return Math.max(0, Math.min(chat.unreadCount, (chat.lastMessage?.seq ?? 0) - lastReadSeq));
}

type Stats = { totalChats: number; totalMessages: number; totalUnread: number };

/** My unread count over all chats (the tab's badge) follows what the list learns. */
function adjustUnreadTotal(queryClient: QueryClient, trpc: TRPC, delta: number) {
  if (delta === 0) return;
  queryClient.setQueryData<Stats>(trpc.chats.stats.queryKey(), (stats) => stats && { ...stats, totalUnread: Math.max(0, stats.totalUnread + delta) });
  const query = queryClient.getQueryCache().find({ queryKey: trpc.chats.stats.queryKey(), exact: true });
  if (query?.state.fetchStatus === "fetching") refetchAfterCurrent(queryClient, query);
}

function refetchUnreadTotal(queryClient: QueryClient, trpc: TRPC) {
  const query = queryClient.getQueryCache().find({ queryKey: trpc.chats.stats.queryKey(), exact: true });
  if (query) refetchAfterCurrent(queryClient, query);
}

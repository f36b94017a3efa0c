"use client";
// How changes land in the browser's query cache: one place for every screen. Live events and
// optimistic updates both go through these functions, so a change looks the same either way.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { ChatInfo, ChatSummary, MessageCore, MessageView, PollView, Reaction, ReactionGroup, RelayEvent } from "@/lib/api-types";
import { QUOTE_LENGTH } from "@/lib/limits";
import type { useTRPC } from "@/trpc/react";
import { addMessageToChatList, changeChatInLists, readInChatList, refetchChatLists, removeFromChatListPreview, updateChatListPreview } from "./chat-list-cache";
import { chatHistories, reachesNewest, type History } from "./history-queries";
import { typingStore } from "./typing-store";

type ChatPages = InfiniteData<{ items: ChatSummary[]; nextCursor: string | null }>;
type TRPC = ReturnType<typeof useTRPC>;

/** Rewrites a chat's loaded histories; `fn` returns the message, a changed copy, or null to drop it. */
function updateHistory(queryClient: QueryClient, trpc: TRPC, chatId: string, fn: (m: MessageView) => MessageView | null) {
  queryClient.setQueriesData<History>(chatHistories(trpc, chatId), (data) => {
    if (!data) return data;
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.flatMap((m) => {
        const next = fn(m);
        return next ? [next] : [];
      }),
    }));
    return { ...data, pages };
  });
}

export function findMessage(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string): MessageView | undefined {
  for (const [, data] of queryClient.getQueriesData<History>(chatHistories(trpc, chatId))) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((m) => m.id === messageId);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * A history with the message in the page it belongs to, once. Beyond either end of what is
 * loaded (a window far back, which does not reach the newest, or pages not yet fetched) it
 * is left out: the page that holds it will bring it when it is fetched.
 */
function withMessage(data: History, message: MessageView): History {
  const { pages } = data;
  if (pages.length === 0 || pages.some((page) => page.items.some((m) => m.id === message.id))) return data;
  const newest = pages.find((page) => page.items.length)?.items[0];
  if (!reachesNewest(data) && (!newest || message.seq > newest.seq)) return data;
  // Pages are newest first: the first whose oldest message is older than it.
  let at = pages.findIndex((page) => page.items.length > 0 && page.items[page.items.length - 1]!.seq < message.seq);
  if (at === -1) {
    if (pages[pages.length - 1]!.nextCursor) return data;
    at = pages.length - 1;
  }
  const items = [...pages[at]!.items, message].sort((a, b) => b.seq - a.seq);
  return { ...data, pages: pages.map((page, i) => (i === at ? { ...page, items } : page)) };
}

/** Adds a message to its chat's loaded histories (newest first), once. */
export function addMessageToCache(queryClient: QueryClient, trpc: TRPC, message: MessageView) {
  for (const query of queryClient.getQueryCache().findAll(chatHistories(trpc, message.chatId))) {
    // The history is being fetched (a chat just opened, a refetch, a newer page): its answer
    // may predate this message and would then replace the cache without it. That fetch is
    // cancelled and made again. (Invalidating alone would not do: while a first load is under
    // way, TanStack Query joins it instead of starting another.)
    const queryKey = query.queryKey;
    if (query.state.fetchStatus === "fetching") {
      void queryClient.cancelQueries({ queryKey, exact: true }).then(() => queryClient.invalidateQueries({ queryKey, exact: true }));
    }
    queryClient.setQueryData<History>(queryKey, (data) => data && withMessage(data, message));
  }
}

/**
 * Puts a new version of a message in place (keeping the cached reactions unless given) and
 * refreshes the quotes of replies to it.
 */
export function updateMessageInCache(queryClient: QueryClient, trpc: TRPC, core: MessageCore & { reactions?: ReactionGroup[] }) {
  updateHistory(queryClient, trpc, core.chatId, (m) => {
    if (m.id === core.id) return { ...m, ...core, reactions: core.reactions ?? m.reactions };
    if (m.replyTo?.id === core.id) {
      const deleted = core.deletedAt !== null;
      return { ...m, replyTo: { ...m.replyTo, content: deleted ? "" : core.content.slice(0, QUOTE_LENGTH), deleted } };
    }
    return m;
  });
}

/** Deleted for everyone: a tombstone stays in place. */
export function tombstoneInCache(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string, deletedAt: string) {
  const message = findMessage(queryClient, trpc, chatId, messageId);
  if (!message) return;
  updateMessageInCache(queryClient, trpc, {
    ...message,
    content: "",
    contact: null,
    attachments: [],
    sticker: null,
    durationSec: null,
    pinnedAt: null,
    editableUntil: null,
    deletedAt,
    reactions: [],
  });
  updateHistory(queryClient, trpc, chatId, (m) => (m.id === messageId ? { ...m, poll: null } : m));
}

/**
 * My vote or close came back: the poll as the server now shows it to me. Counts someone else's
 * later vote brought (a higher revision) stay; my choice is mine either way.
 */
export function setPollInCache(queryClient: QueryClient, trpc: TRPC, poll: PollView) {
  updateHistory(queryClient, trpc, poll.chatId, (m) => {
    if (m.id !== poll.messageId) return m;
    const cached = m.poll;
    if (cached && cached.revision > poll.revision) {
      const answer = { correctOptionId: poll.correctOptionId ?? cached.correctOptionId, explanation: poll.explanation ?? cached.explanation };
      return { ...m, poll: { ...cached, myChoice: poll.myChoice, ...answer } };
    }
    return { ...m, poll };
  });
}

type PollUpdate = Extract<RelayEvent, { type: "poll:updated" }>["data"];

/**
 * New counts for everyone (someone voted, or the poll closed). My own choice stays as I know
 * it: the event never says who voted.
 */
export function applyPollCounts(queryClient: QueryClient, trpc: TRPC, update: PollUpdate) {
  updateHistory(queryClient, trpc, update.chatId, (m) => {
    if (m.id !== update.messageId || !m.poll) return m;
    const poll = m.poll;
    // Already newer (a vote's answer came first): this event is old news.
    if (poll.revision >= update.revision) return m;
    const options = poll.options.map((option) => {
      const votes = update.counts.find((c) => c.optionId === option.id)?.votes ?? 0;
      return { ...option, votes, percent: update.totalVoters ? Math.round((votes * 100) / update.totalVoters) : 0 };
    });
    return {
      ...m,
      poll: {
        ...poll,
        options,
        totalVoters: update.totalVoters,
        closed: poll.closed || update.closed,
        correctOptionId: update.correctOptionId ?? poll.correctOptionId,
        explanation: update.explanation ?? poll.explanation,
        revision: update.revision,
      },
    };
  });
}

export function removeMessageFromCache(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string) {
  updateHistory(queryClient, trpc, chatId, (m) => (m.id === messageId ? null : m));
}

/** A disappearing message's time ran out: it goes, and replies quote it as expired. */
export function expireInCache(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string) {
  updateHistory(queryClient, trpc, chatId, (m) => {
    if (m.id === messageId) return null;
    if (m.replyTo?.id === messageId) {
      return { ...m, replyTo: { id: messageId, senderId: null, senderName: null, kind: "text" as const, content: "", deleted: true, expired: true } };
    }
    return m;
  });
}

/** One person's reaction arrives (or my optimistic one); repeating it changes nothing. */
export function addReactionToCache(queryClient: QueryClient, trpc: TRPC, chatId: string, messageId: string, reaction: Reaction, meId: string) {
  const mine = reaction.userId === meId;
  updateHistory(queryClient, trpc, chatId, (m) => {
    if (m.id !== messageId) return m;
    const group = m.reactions.find((g) => g.emoji === reaction.emoji);
    if (group?.userIds.includes(reaction.userId)) {
      // My optimistic reaction learns its real id.
      return mine ? { ...m, reactions: m.reactions.map((g) => (g === group ? { ...g, myReactionId: reaction.id } : g)) } : m;
    }
    if (!group) {
      const added: ReactionGroup = {
        emoji: reaction.emoji,
        count: 1,
        userIds: [reaction.userId],
        reactedByMe: mine,
        myReactionId: mine ? reaction.id : null,
      };
      return { ...m, reactions: [...m.reactions, added] };
    }
    const grown: ReactionGroup = {
      ...group,
      count: group.count + 1,
      userIds: [...group.userIds, reaction.userId],
      reactedByMe: group.reactedByMe || mine,
      myReactionId: mine ? reaction.id : group.myReactionId,
    };
    return { ...m, reactions: m.reactions.map((g) => (g === group ? grown : g)) };
  });
}

export function removeReactionFromCache(
  queryClient: QueryClient, trpc: TRPC,
  chatId: string,
  messageId: string,
  reaction: Reaction,
  meId: string,
) {
  const mine = reaction.userId === meId;
  updateHistory(queryClient, trpc, chatId, (m) => {
    if (m.id !== messageId) return m;
    const group = m.reactions.find((g) => g.emoji === reaction.emoji);
    if (!group?.userIds.includes(reaction.userId)) return m;
    // A late event for a reaction I have since replaced must not remove the new one.
    if (mine && group.myReactionId !== null && group.myReactionId !== reaction.id) return m;
    const userIds = group.userIds.filter((id) => id !== reaction.userId);
    const reactions = userIds.length
      ? m.reactions.map((g) =>
          g === group
            ? { ...g, count: userIds.length, userIds, reactedByMe: mine ? false : g.reactedByMe, myReactionId: mine ? null : g.myReactionId }
            : g,
        )
      : m.reactions.filter((g) => g !== group);
    return { ...m, reactions };
  });
}

/** A person came online or left: every cached copy of them follows. */
function updatePresence(queryClient: QueryClient, trpc: TRPC, userId: string, online: boolean, lastSeenAt: string | null) {
  const patch = <U extends { id: string; online: boolean; lastSeenAt: string | null }>(user: U): U =>
    user.id === userId ? { ...user, online, lastSeenAt } : user;
  queryClient.setQueriesData<ChatInfo>(trpc.chats.info.pathFilter(), (info) =>
    info && {
      ...info,
      peer: info.peer && patch(info.peer),
      members: info.members.map((member) => ({ ...member, user: patch(member.user) })),
    },
  );
  queryClient.setQueriesData<ChatPages>(trpc.chats.list.pathFilter(), (data) =>
    data && {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((chat) => (chat.peer?.id === userId ? { ...chat, peer: patch(chat.peer) } : chat)),
      })),
    },
  );
}

type MemberCursors = Extract<RelayEvent, { type: "message:status" }>["data"]["cursors"][number];

/**
 * Other members' cursors moved past my messages: my ticks ("read by N of M" in a group, the
 * chat list's and the conversation's in a direct chat) follow at once, in place. Cursors only
 * move forward, so a late or repeated event changes nothing.
 */
function updateReceipts(queryClient: QueryClient, trpc: TRPC, chatId: string, cursors: MemberCursors[]) {
  if (cursors.length === 0) return;
  const readSeq = Math.max(...cursors.map((c) => c.lastReadSeq));
  const deliveredSeq = Math.max(...cursors.map((c) => c.lastDeliveredSeq));
  const forward = <S extends { peerReadSeq: number; peerDeliveredSeq: number }>(summary: S): S => ({
    ...summary,
    peerReadSeq: Math.max(summary.peerReadSeq, readSeq),
    peerDeliveredSeq: Math.max(summary.peerDeliveredSeq, deliveredSeq),
  });
  queryClient.setQueryData<ChatInfo>(trpc.chats.info.queryKey({ chatId }), (info) => info && withCursors(forward(info), cursors));
  changeChatInLists(queryClient, trpc, chatId, forward);
}

/** The chat's members list with these members' cursors moved forward. */
function withCursors(info: ChatInfo, cursors: MemberCursors[]): ChatInfo {
  const members = info.members.map((member) => {
    const moved = cursors.find((c) => c.userId === member.user.id);
    if (!moved) return member;
    return {
      ...member,
      lastReadSeq: Math.max(member.lastReadSeq, moved.lastReadSeq),
      lastDeliveredSeq: Math.max(member.lastDeliveredSeq, moved.lastDeliveredSeq),
    };
  });
  return { ...info, members };
}

/**
 * A status event carries my own cursor only when I read the chat (on this device or another):
 * my unread count for it drops.
 */
function updateMyReceipt(queryClient: QueryClient, trpc: TRPC, chatId: string, mine: MemberCursors) {
  queryClient.setQueryData<ChatInfo>(trpc.chats.info.queryKey({ chatId }), (info) => info && withCursors(info, [mine]));
  readInChatList(queryClient, trpc, chatId, mine.lastReadSeq);
}

/** Every live event, mapped to the cache changes it causes. */
export function applyLiveEvent(queryClient: QueryClient, trpc: TRPC, meId: string, event: RelayEvent) {
  const invalidatePins = (chatId: string) => void queryClient.invalidateQueries(trpc.messages.pinned.queryFilter({ chatId }));
  // The gallery and the music page list files as they come and go with their messages.
  const invalidateFiles = () => {
    void queryClient.invalidateQueries(trpc.chats.files.pathFilter());
    void queryClient.invalidateQueries(trpc.music.all.pathFilter());
  };
  switch (event.type) {
    case "message:new": {
      const { message } = event.data;
      addMessageToCache(queryClient, trpc, message);
      // Its sender has read the chat up to it: my ticks before it follow (see RelayEvent).
      if (message.senderId && message.senderId !== meId) {
        updateReceipts(queryClient, trpc, message.chatId, [{ userId: message.senderId, lastReadSeq: message.seq, lastDeliveredSeq: message.seq }]);
      }
      if (message.attachments.length) invalidateFiles();
      if (message.senderId) typingStore.stop(message.chatId, message.senderId);
      return addMessageToChatList(queryClient, trpc, meId, message);
    }
    case "message:updated":
      updateMessageInCache(queryClient, trpc, event.data.message);
      invalidatePins(event.data.chatId);
      return updateChatListPreview(queryClient, trpc, event.data.chatId, event.data.message);
    case "message:deleted": {
      const { chatId, messageId, scope, deletedAt } = event.data;
      if (event.data.expired) expireInCache(queryClient, trpc, chatId, messageId);
      else if (scope === "everyone") tombstoneInCache(queryClient, trpc, chatId, messageId, deletedAt);
      else removeMessageFromCache(queryClient, trpc, chatId, messageId);
      invalidatePins(chatId);
      invalidateFiles();
      return removeFromChatListPreview(queryClient, trpc, chatId, messageId);
    }
    case "message:status": {
      const { chatId } = event.data;
      // Events logged in the older one-member shape have no cursors: the lists refetched when
      // the stream started already show what they said.
      const cursors = event.data.cursors ?? [];
      updateReceipts(queryClient, trpc, chatId, cursors.filter((c) => c.userId !== meId));
      const mine = cursors.find((c) => c.userId === meId);
      if (mine) updateMyReceipt(queryClient, trpc, chatId, mine);
      return;
    }
    case "reaction:new":
      return addReactionToCache(queryClient, trpc, event.data.chatId, event.data.messageId, event.data.reaction, meId);
    case "reaction:removed":
      return removeReactionFromCache(queryClient, trpc, event.data.chatId, event.data.messageId, event.data.reaction, meId);
    case "poll:updated":
      return applyPollCounts(queryClient, trpc, event.data);
    case "typing:start":
      return typingStore.start(event.data.chatId, event.data.userId);
    case "typing:stop":
      return typingStore.stop(event.data.chatId, event.data.userId);
    case "presence":
      return updatePresence(queryClient, trpc, event.data.userId, event.data.online, event.data.lastSeenAt);
    case "chat:updated":
      void queryClient.invalidateQueries(trpc.chats.info.queryFilter({ chatId: event.data.chatId }));
      return refetchChatLists(queryClient, trpc);
    case "keys:changed":
      // Someone's secure devices changed: sealing, opening and the key notice read them anew.
      void queryClient.invalidateQueries(trpc.keys.bundles.pathFilter());
      return void queryClient.invalidateQueries(trpc.keys.devices.queryFilter());
    case "scheduled:updated":
      // My scheduled messages changed (on another device, or the scheduler sent one).
      return void queryClient.invalidateQueries(trpc.messages.scheduled.pathFilter());
  }
}

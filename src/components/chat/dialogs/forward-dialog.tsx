"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SearchField } from "@/components/ui/search-field";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";
import { addMessageToCache } from "@/components/chat/cache";
import { ChatListState, chatsHolding, useMyChats } from "./my-chats";

const MAX_TARGETS = 20;

/** Picks chats of mine to forward a message to; one chosen chat is opened afterwards. */
export function ForwardDialog({ messageId, fromChatId, onClose }: { messageId: string; fromChatId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const { query: chats, all } = useMyChats();
  const forward = useMutation(
    trpc.messages.forward.mutationOptions({
      onSuccess: (copies) => {
        for (const copy of copies) addMessageToCache(queryClient, trpc, copy);
        void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
        toast(copies.length === 1 ? "Message forwarded" : `Message forwarded to ${copies.length} chats`);
        onClose();
        if (copies.length === 1 && copies[0]!.chatId !== fromChatId) router.push(`/chats/${copies[0]!.chatId}`);
      },
    }),
  );

  const items = chatsHolding(all, filter.trim().toLowerCase());
  const toggle = (chatId: string) =>
    setChosen((list) => (list.includes(chatId) ? list.filter((id) => id !== chatId) : [...list, chatId].slice(0, MAX_TARGETS)));

  return (
    <Dialog
      title="Forward to…"
      onClose={onClose}
      action={{
        label: forward.isPending ? "Forwarding…" : chosen.length > 1 ? `Forward (${chosen.length})` : "Forward",
        onClick: () => forward.mutate({ messageId, toChatIds: chosen }),
        disabled: chosen.length === 0 || forward.isPending,
      }}
    >
      <div className="sticky top-0 bg-white px-4 py-2 dark:bg-slate-900">
        <SearchField label="Filter chats" value={filter} onChange={setFilter} onEscape={onClose} autoFocus />
      </div>
      <ChatListState query={chats} count={items.length} filter={filter} />
      {!chats.isPending && !chats.isError && items.length > 0 && (
        <ul aria-label="Chats" className="pb-2">
          {items.map((chat) => (
            <li key={chat.id}>
              <label className="flex cursor-pointer items-center gap-3 px-4 py-2 hover:bg-slate-50 dark:hover:bg-slate-800/60">
                <Avatar name={chat.title} seed={chat.peer?.id ?? chat.id} src={chat.peer?.avatarUrl} size="sm" online={chat.peer?.online} />
                <span className="min-w-0 flex-1 truncate font-medium">{chat.title}</span>
                <input
                  type="checkbox"
                  checked={chosen.includes(chat.id)}
                  onChange={() => toggle(chat.id)}
                  className="h-5 w-5 accent-brand-600"
                />
              </label>
            </li>
          ))}
        </ul>
      )}
      {chats.hasNextPage ? (
        <div className="pb-3 text-center">
          <Button variant="ghost" onClick={() => void chats.fetchNextPage()} disabled={chats.isFetchingNextPage}>
            Load more chats
          </Button>
        </div>
      ) : null}
      {forward.isError ? (
        <p role="alert" className="px-4 pb-3 text-sm text-red-600 dark:text-red-400">
          {forward.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

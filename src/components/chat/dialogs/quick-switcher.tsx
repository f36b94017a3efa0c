"use client";
// Ctrl+K / ⌘K: a dialog to jump to a chat by typing part of its name, as in Telegram.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Dialog } from "@/components/ui/dialog";
import { SearchField } from "@/components/ui/search-field";
import type { ChatSummary } from "@/lib/api-types";
import { messageSnippet } from "@/lib/message-snippet";
import { ChatListState, chatNames, chatsHolding, useMyChats } from "./my-chats";

/** Chats whose title or username holds `filter`, those that start with it first, each group newest first. */
function matching(chats: ChatSummary[], filter: string): ChatSummary[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return chats;
  const found = chatsHolding(chats, needle);
  const starts = (chat: ChatSummary) => chatNames(chat).some((name) => name.startsWith(needle) || name.includes(` ${needle}`));
  return [...found.filter(starts), ...found.filter((chat) => !starts(chat))];
}

export function QuickSwitcher({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const listId = useId();
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const { query: chats, all } = useMyChats();
  const items = matching(all, filter);
  const activeIndex = Math.min(active, items.length - 1);
  const optionId = (chat: ChatSummary) => `${listId}-${chat.id}`;
  const activeChat = items[activeIndex];

  // The box takes the focus once the dialog is shown (opening it focuses its first button).
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => input.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);

  // The highlighted chat stays in view as the arrows move through a long list.
  useEffect(() => {
    if (activeChat) document.getElementById(`${listId}-${activeChat.id}`)?.scrollIntoView({ block: "nearest" });
  }, [activeChat, listId]);

  function open(chat: ChatSummary) {
    onClose();
    router.push(`/chats/${chat.id}`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (items.length === 0) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((activeIndex + step + items.length) % items.length);
    } else if (e.key === "Enter" && activeChat) {
      e.preventDefault();
      open(activeChat);
    }
  }

  return (
    <Dialog title="Go to chat" onClose={onClose}>
      <div className="sticky top-0 bg-white px-4 py-2 dark:bg-slate-900">
        <SearchField
          label="Find a chat"
          value={filter}
          onChange={(value) => {
            setFilter(value);
            setActive(0);
          }}
          onEscape={onClose}
          onKeyDown={onKeyDown}
          inputRef={input}
          inputProps={{
            role: "combobox",
            "aria-expanded": true,
            "aria-autocomplete": "list",
            "aria-controls": listId,
            "aria-activedescendant": activeChat ? optionId(activeChat) : undefined,
          }}
        />
      </div>
      <ChatListState query={chats} count={items.length} filter={filter} />
      <ul role="listbox" id={listId} aria-label="Chats" className="pb-2">
        {items.map((chat, index) => (
          <li
            key={chat.id}
            id={optionId(chat)}
            role="option"
            aria-selected={index === activeIndex}
            // A press keeps the focus in the box: typing and the arrows carry on after a click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => open(chat)}
            className={`flex cursor-pointer items-center gap-3 px-4 py-2 transition-colors ${
              index === activeIndex ? "bg-brand-100/80 dark:bg-brand-700/30" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
            }`}
          >
            <Avatar name={chat.title} seed={chat.peer?.id ?? chat.id} src={chat.peer?.avatarUrl} size="sm" online={chat.peer?.online} />
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{chat.title}</span>
              <span className="block truncate text-sm text-slate-600 dark:text-slate-400">
                {chat.lastMessage ? messageSnippet(chat.lastMessage) : chat.peer ? `@${chat.peer.username}` : "No messages yet"}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

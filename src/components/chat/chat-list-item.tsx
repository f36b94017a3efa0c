"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Avatar } from "@/components/ui/avatar";
import { listTime } from "@/lib/format";
import type { ChatSummary } from "@/server/services/views";
import { useMe } from "./me-context";

export function ChatListItem({ chat }: { chat: ChatSummary }) {
  const me = useMe();
  const active = usePathname() === `/chats/${chat.id}`;
  const last = chat.lastMessage;
  const preview = last ? `${last.senderId === me.id ? "You: " : ""}${last.content}` : "No messages yet";
  return (
    <li>
      <Link
        href={`/chats/${chat.id}`}
        aria-current={active ? "page" : undefined}
        className={`flex items-center gap-3 px-3 py-2.5 transition-colors ${
          active ? "bg-brand-50 dark:bg-brand-700/20" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
        }`}
      >
        <Avatar name={chat.title} seed={chat.peer?.id ?? chat.id} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className="truncate font-medium">{chat.title}</span>
            <time className="shrink-0 text-xs text-slate-500" dateTime={chat.lastActivityAt}>
              {listTime(chat.lastActivityAt)}
            </time>
          </span>
          <span className="flex items-center justify-between gap-2">
            <span className="truncate text-sm text-slate-500">{preview}</span>
            {chat.unreadCount > 0 ? (
              <span
                className="min-w-5 shrink-0 rounded-full bg-brand-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
                aria-label={`${chat.unreadCount} unread`}
                data-testid="unread-badge"
              >
                {chat.unreadCount > 999 ? "999+" : chat.unreadCount}
              </span>
            ) : null}
          </span>
        </span>
      </Link>
    </li>
  );
}

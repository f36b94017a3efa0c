"use client";
import { Archive, ArchiveRestore, Check, CheckCheck } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { listTime } from "@/lib/format";
import { plainText } from "@/lib/rich-text";
import type { ChatSummary } from "@/lib/api-types";
import { useMe } from "@/components/chat/me-context";
import { useDraftText } from "@/components/chat/composer/drafts";
import type { MenuAnchor } from "@/components/chat/messages/message-bubble";
import { MessageMenu } from "@/components/chat/messages/message-menu";
import { messageSnippet } from "@/lib/message-snippet";
import { withEmojiFont } from "@/components/ui/emoji-text";
import { TypingDots } from "@/components/chat/conversation/typing-dots";
import { useTypingUsers } from "@/components/chat/typing-store";
import { useChatActions } from "@/components/chat/use-chat-actions";
import { useLongPress } from "@/components/ui/use-long-press";
import { usePresenceKnown } from "@/components/chat/connection/connection-store";

export function ChatListItem({ chat }: { chat: ChatSummary }) {
  const me = useMe();
  const active = usePathname() === `/chats/${chat.id}`;
  const typing = useTypingUsers(chat.id).some((id) => id !== me.id);
  const last = chat.lastMessage;
  const mineLast = last !== null && last.senderId === me.id && last.kind !== "system";
  const preview = last ? `${mineLast ? "You: " : ""}${messageSnippet(last)}` : "No messages yet";
  const read = last !== null && last.seq <= chat.peerReadSeq;
  // A draft stands for the chat in the list, as in Telegram, except while its chat is open.
  const draftText = useDraftText(me.id, chat.id);
  const draft = active ? "" : plainText(draftText).replace(/\s+/g, " ").trim();
  const actions = useChatActions(chat.id);
  // A right click, a long press, or the Menu key / Shift+F10 opens the chat's menu.
  const [menuAt, setMenuAt] = useState<{ at: MenuAnchor; link: HTMLElement } | null>(null);
  const presenceKnown = usePresenceKnown();
  const longPress = useLongPress((x, y, link) => setMenuAt({ at: { x, y }, link }));
  return (
    <li>
      <Link
        {...longPress}
        onContextMenu={(e) => {
          e.preventDefault();
          setMenuAt({ at: { x: e.clientX, y: e.clientY }, link: e.currentTarget });
        }}
        onKeyDown={(e) => {
          if (e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
            e.preventDefault();
            const rect = e.currentTarget.getBoundingClientRect();
            setMenuAt({ at: { x: rect.left + 40, y: rect.bottom }, link: e.currentTarget });
          }
        }}
        href={`/chats/${chat.id}`}
        aria-current={active ? "page" : undefined}
        // Secondary text is slate-600, not 500: 500 falls short of 4.5:1 on the open chat's tint.
        className={`flex items-center gap-3 px-3 py-2.5 transition-colors ${
          active ? "bg-brand-50 dark:bg-brand-700/20" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
        }`}
      >
        <Avatar name={chat.title} seed={chat.peer?.id ?? chat.id} src={chat.peer?.avatarUrl} online={presenceKnown && chat.peer?.online} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className="truncate font-medium">{chat.title}</span>
            <span className="flex shrink-0 items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
              {mineLast && !last.deletedAt ? (
                read ? (
                  <CheckCheck className="h-4 w-4 text-brand-500" aria-label="Read" />
                ) : last.seq <= chat.peerDeliveredSeq ? (
                  <CheckCheck className="h-4 w-4" aria-label="Delivered" />
                ) : (
                  <Check className="h-4 w-4" aria-label="Sent" />
                )
              ) : null}
              <time dateTime={chat.lastActivityAt}>{listTime(chat.lastActivityAt)}</time>
            </span>
          </span>
          <span className="flex items-center justify-between gap-2">
            {typing ? (
              <span data-testid="typing-indicator" className="flex items-center gap-1 text-sm text-brand-600 dark:text-brand-400">
                typing<span className="sr-only">…</span>
                <TypingDots />
              </span>
            ) : draft ? (
              <span data-testid="draft-preview" className="truncate text-sm text-slate-600 dark:text-slate-400">
                <span className="text-red-600 dark:text-red-400">Draft:</span> {draft}
              </span>
            ) : (
              <span className={`truncate text-sm text-slate-600 dark:text-slate-400 ${last?.deletedAt || last?.kind === "system" ? "italic" : ""}`}>
                {withEmojiFont(preview)}
              </span>
            )}
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
      {menuAt ? (
        <MessageMenu
          at={menuAt.at}
          label={`Actions for ${chat.title}`}
          reactions={null}
          onReact={() => undefined}
          actions={[
            chat.archived
              ? { label: "Unarchive", icon: ArchiveRestore, onSelect: () => void actions.archive(false) }
              : { label: "Archive", icon: Archive, onSelect: () => void actions.archive(true) },
          ]}
          onClose={(restoreFocus) => {
            if (restoreFocus) menuAt.link.focus();
            setMenuAt(null);
          }}
        />
      ) : null}
    </li>
  );
}

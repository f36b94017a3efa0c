"use client";
import type { ReactNode } from "react";
import { Avatar } from "@/components/ui/avatar";
import { fullName, listTime } from "@/lib/format";
import type { ChatSummary, MessageSearchHit, PublicUser } from "@/lib/api-types";
import { contextLabel } from "@/components/chat/sidebar/chat-label";
import { useMe } from "@/components/chat/me-context";
import { PersonSummary } from "@/components/chat/people/person-summary";
import { SnippetText } from "./snippet-text";

export type OptionProps = { id: string; active: boolean; onOpen: () => void };

/**
 * One result, an option of the search box's listbox. A press does not take the focus from the
 * box, so typing and the arrow keys carry on after a click. Secondary text in a row is
 * slate-600: slate-500 falls under 4.5:1 on the chosen row's tint.
 */
function ResultOption({ id, active, onOpen, children }: OptionProps & { children: ReactNode }) {
  return (
    <li
      role="option"
      id={id}
      aria-selected={active}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onOpen}
      className={`flex cursor-pointer items-center gap-3 px-3 py-2 transition-colors ${
        active ? "bg-brand-100/80 dark:bg-brand-700/30" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
      }`}
    >
      {children}
    </li>
  );
}

function chatSubtitle(chat: ChatSummary): string {
  if (chat.peer) return `@${chat.peer.username}`;
  if (chat.type === "support") return chat.subject ?? "Support";
  const members = `${chat.memberCount} ${chat.memberCount === 1 ? "member" : "members"}`;
  const context = contextLabel(chat);
  return context ? `${context} · ${members}` : members;
}

export function ChatResult({ chat, ...option }: OptionProps & { chat: ChatSummary }) {
  return (
    <ResultOption {...option}>
      <Avatar name={chat.title} seed={chat.peer?.id ?? chat.id} src={chat.peer?.avatarUrl} online={chat.peer?.online} />
      <span className="min-w-0">
        <span className="block truncate font-medium">{chat.title}</span>
        <span className="block truncate text-sm text-slate-600 dark:text-slate-400">{chatSubtitle(chat)}</span>
      </span>
    </ResultOption>
  );
}

export function PersonResult({ user, ...option }: OptionProps & { user: PublicUser }) {
  return (
    <ResultOption {...option}>
      <PersonSummary user={user} />
    </ResultOption>
  );
}

/** A message hit: its chat, when it was sent, who sent it, and the words that matched. */
export function MessageResult({ hit, ...option }: OptionProps & { hit: MessageSearchHit }) {
  const me = useMe();
  // In a direct chat the title already names the other person; only my own lines say "You".
  const sender =
    hit.message.senderId === me.id
      ? { short: "You", full: "You" }
      : hit.chat.type === "direct"
        ? null
        : hit.sender
          ? { short: hit.sender.firstName, full: fullName(hit.sender) }
          : { short: "Deleted account", full: "Deleted account" };
  const showSender = sender !== null;
  return (
    <ResultOption {...option}>
      <Avatar name={hit.chat.title} seed={hit.chat.peerId ?? hit.chat.id} src={hit.chat.avatarUrl} />
      <span className="min-w-0 flex-1" data-testid="message-hit">
        <span className="flex items-baseline justify-between gap-2">
          <span className="truncate font-medium">{hit.chat.title}</span>
          <time dateTime={hit.message.createdAt} className="shrink-0 text-xs text-slate-600 dark:text-slate-400">
            {listTime(hit.message.createdAt)}
          </time>
        </span>
        <span className="line-clamp-2 break-words text-sm text-slate-600 dark:text-slate-400">
          {showSender ? (
            <span className="text-slate-800 dark:text-slate-200" title={sender.full}>
              {sender.short}:{" "}
            </span>
          ) : null}
          <SnippetText parts={hit.snippet} />
        </span>
      </span>
    </ResultOption>
  );
}

"use client";
import { Search, Timer } from "lucide-react";
import { CallButtons } from "@/components/call/call-buttons";
import { Avatar } from "@/components/ui/avatar";
import { IconButton } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useNow } from "@/components/ui/use-now";
import { lastSeen } from "@/lib/format";
import { timerBadge, timerLabel } from "@/lib/disappearing";
import type { ChatInfo } from "@/lib/api-types";
import { contextLabel } from "@/components/chat/sidebar/chat-label";
import { useMe } from "@/components/chat/me-context";
import { PaneHeader } from "@/components/ui/pane-header";
import { TypingDots } from "./typing-dots";
import { useChatSearch } from "./use-chat-search";
import { useTypingUsers } from "@/components/chat/typing-store";
import { useConnection } from "@/components/chat/connection/connection-store";

type HeaderProps = {
  chatId: string;
  info: ChatInfo | undefined;
  onOpenInfo?: () => void;
  /** I am out of the chat: its presence and counts are no longer mine to see. */
  gone?: boolean;
};

/**
 * The top of a conversation: its header and, with `searchable`, a search button (Ctrl+F too)
 * that opens the in-chat search bar under it.
 */
export function ConversationHeader({ searchable = false, ...props }: HeaderProps & { searchable?: boolean }) {
  const search = useChatSearch(props.chatId, searchable && !props.gone);
  return (
    <>
      <HeaderBar {...props} onSearch={search.enabled ? search.open : undefined} />
      {search.bar}
    </>
  );
}

/**
 * Who the chat is with, and what they are doing: typing, online, or when last seen. A group's
 * header (all of it) opens the group's info panel.
 */
function HeaderBar({ chatId, info, onOpenInfo, gone = false, onSearch }: HeaderProps & { onSearch?: () => void }) {
  const me = useMe();
  const now = useNow();
  const typing = useTypingUsers(chatId).filter((id) => id !== me.id);
  const connection = useConnection();
  if (!info) {
    return (
      <PaneHeader backOnPhoneOnly>
        <Spinner label="Loading chat" />
      </PaneHeader>
    );
  }
  const peer = info.peer;
  const typingNames = typing.map((id) => {
    const member = info.members.find((m) => m.user.id === id);
    return member ? member.user.firstName : "Someone";
  });
  const context = contextLabel(info);
  // Cut off from Relay, nobody's presence is known (usePresenceKnown): say what we wait for.
  const presenceKnown = connection === "online";
  const peerOnline = presenceKnown && !!peer?.online;
  const online = info.members.filter((m) => m.user.id === me.id || m.user.online).length;
  return (
    <PaneHeader backOnPhoneOnly>
      <Avatar name={info.title} seed={peer?.id ?? chatId} src={peer?.avatarUrl} size="sm" online={!gone && peerOnline} />
      <div className="min-w-0 flex-1">
        <h1 className="truncate font-semibold leading-tight">
          {onOpenInfo ? (
            // The button's ::after covers the whole header, so a click anywhere on it opens the panel.
            <button type="button" onClick={onOpenInfo} aria-haspopup="dialog" className="truncate text-left after:absolute after:inset-0 after:content-['']">
              {info.title}
            </button>
          ) : (
            info.title
          )}
        </h1>
        {gone ? null : !presenceKnown ? (
          <p data-testid="presence" className="truncate text-xs text-slate-500 dark:text-slate-400">
            {connection === "offline" ? "waiting for network…" : "connecting…"}
          </p>
        ) : typing.length ? (
          <p data-testid="typing-indicator" className="flex items-center gap-1 text-xs text-brand-600 dark:text-brand-400" aria-live="polite">
            {`${typingNames.join(", ")} ${typing.length > 1 ? "are" : "is"} typing`}
            <span className="sr-only">…</span>
            <TypingDots />
          </p>
        ) : (
          <p
            data-testid="presence"
            className={`truncate text-xs ${peerOnline ? "text-brand-600 dark:text-brand-400" : "text-slate-500 dark:text-slate-400"}`}
            title={peer ? `@${peer.username}` : undefined}
          >
            {peer
              ? peerOnline
                ? "online"
                : lastSeen(peer.lastSeenAt, now)
              : `${context ? `${context} · ` : ""}${info.members.length} ${info.members.length === 1 ? "member" : "members"}${online ? `, ${online} online` : ""}`}
          </p>
        )}
      </div>
      {info.disappearingSeconds && !gone ? (
        <span
          data-testid="disappearing-badge"
          title={`Disappearing messages: ${timerLabel(info.disappearingSeconds)}`}
          className="inline-flex shrink-0 items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200"
        >
          <Timer className="h-3.5 w-3.5" aria-hidden="true" />
          <span aria-hidden="true">{timerBadge(info.disappearingSeconds)}</span>
          <span className="sr-only">Disappearing messages: {timerLabel(info.disappearingSeconds)}</span>
        </span>
      ) : null}
      {onSearch ? (
        <IconButton aria-label="Search in chat" title="Search (Ctrl+F)" onClick={onSearch} className="relative z-10 shrink-0">
          <Search className="h-5 w-5" aria-hidden="true" />
        </IconButton>
      ) : null}
      {info.type === "direct" && peer && !gone ? <CallButtons chatId={chatId} peerName={info.title} /> : null}
    </PaneHeader>
  );
}

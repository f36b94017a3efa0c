"use client";
import { Fragment, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { dayLabel } from "@/lib/format";
import type { MessageView } from "@/lib/api-types";
import { HistoryEdge } from "./history-edge";
import { JumpToNewest } from "./jump-to-newest";
import { UnreadDivider, useScrollToUnread } from "./unread-divider";
import { useSeenMessages } from "./use-seen-messages";
import type { HistoryEdgeState } from "./use-history-window";
import { useAwayFromBottom, useScrollKeeper } from "./use-scroll-keeper";
import { useKeepReadingPosition } from "./use-reading-position";
import type { ReadingPosition } from "@/lib/reading-position";
import { MessageBubble, PendingBubble, SystemLine, type DeliveryState, type MenuAnchor } from "@/components/chat/messages/message-bubble";
import type { PendingMessage } from "@/components/chat/composer/use-send-queue";
import type { UploadItem } from "@/components/chat/composer/upload-store";

/** A message to bring into view and highlight; `instant`: without scrolling there (a chat opened at it). */
export type Flash = { messageId: string; at: number; instant?: boolean };

/**
 * The history in reading order. One message at a time is in the tab order; arrow keys move
 * between messages, Enter (or the Menu key) opens a message's menu.
 */
export function MessageList(props: {
  messages: MessageView[];
  unsaved: PendingMessage[];
  /** The uploads of my messages on their way. */
  uploads: ReadonlyMap<string, UploadItem>;
  meId: string;
  stateOf: (message: MessageView) => DeliveryState;
  nameOf: (userId: string | null) => string;
  /** A group: others' messages carry their sender's name. */
  showSenders: boolean;
  /** A group: the sender's picture, beside the first of a run of their messages. */
  avatarOf?: (userId: string | null) => string | null;
  /** A group: who of the others has read my message. */
  readByOf?: (message: MessageView) => string;
  flash: Flash | null;
  /** Where the reading position of this chat is kept in the tab (lib/reading-position.ts). */
  readingKey: string;
  /** Where a reload left the reader: put back once that message is on the list. */
  restore: ReadingPosition | null;
  /** Older pages, above. */
  history: HistoryEdgeState;
  /** Newer pages, below (a window opened far back, until it reaches the newest). */
  newer: HistoryEdgeState;
  /** The newest message is on the list: new ones join it. */
  live: boolean;
  /** Leaves a window far back for the latest history. */
  onJumpToNewest: () => void;
  onMenu: (message: MessageView, at: MenuAnchor, row: HTMLElement) => void;
  onReveal: (messageId: string) => void;
  onToggleReaction: (message: MessageView, emoji: string) => void;
  onRetry: (message: PendingMessage) => void;
  onDiscard: (clientId: string) => void;
  /** Where "New messages" begins: the first unread when the chat was opened. */
  firstUnreadId: string | null;
  /** Others' messages below what has been seen, on the round button. */
  unreadBelow: number;
  /** Null while the history is being positioned: nothing counts as seen yet. */
  onSeen: ((message: MessageView) => void) | null;
}) {
  const { messages, unsaved, meId, flash } = props;
  const firstPage = props.history.loading && messages.length === 0 && unsaved.length === 0;
  const list = useRef<HTMLOListElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  useScrollKeeper(scroller, props.live);
  useKeepReadingPosition(scroller, props.readingKey, props.restore, props.live);
  const away = useAwayFromBottom(scroller);
  useSeenMessages(scroller, list, messages, meId, props.onSeen);
  useScrollToUnread(list, props.firstUnreadId, messages, flash !== null || props.restore !== null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusable = messages.some((m) => m.id === focusedId) ? focusedId : messages.findLast((m) => m.kind !== "system")?.id;

  // Brings a message into view (a quote or a pin was clicked), then lets its highlight fade.
  // (Once it is on the list: a window opened at it may still be loading.)
  const [flashing, setFlashing] = useState<string | null>(null);
  const shown = flash && messages.some((m) => m.id === flash.messageId) ? flash : null;
  useEffect(() => {
    if (!shown) return;
    const row = list.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(shown.messageId)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: "center", behavior: shown.instant ? "auto" : "smooth" });
    if (row.hasAttribute("tabindex")) row.focus({ preventScroll: true });
    const start = setTimeout(() => setFlashing(shown.messageId), 0);
    const end = setTimeout(() => setFlashing(null), 1500);
    return () => {
      clearTimeout(start);
      clearTimeout(end);
    };
  }, [shown]);

  // My own new message is the one to look at: the history goes to the bottom to show it.
  const unsavedCount = unsaved.length;
  const previousUnsaved = useRef(unsavedCount);
  useEffect(() => {
    if (unsavedCount > previousUnsaved.current) scroller.current?.scrollTo({ top: 0 });
    previousUnsaved.current = unsavedCount;
  }, [unsavedCount]);

  function jumpToNewest() {
    if (props.live) scroller.current?.scrollTo({ top: 0, behavior: "smooth" });
    else props.onJumpToNewest();
  }

  function onKeyDown(e: KeyboardEvent<HTMLOListElement>) {
    const target = e.target as HTMLElement;
    if (!target.matches("li[tabindex]")) return;
    const rows = Array.from(e.currentTarget.querySelectorAll<HTMLElement>("li[data-message-id][tabindex]"));
    const index = rows.indexOf(target);
    const to =
      e.key === "ArrowUp" ? index - 1 : e.key === "ArrowDown" ? index + 1 : e.key === "Home" ? 0 : e.key === "End" ? rows.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
  }

  return (
    // A column-reverse scroller stays pinned to the newest message while older pages load
    // above; inside it the list is in reading order (oldest first) for screen readers. The
    // browser's own scroll anchoring is off: useScrollKeeper does it, for both directions.
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={scroller} data-testid="history-scroller" className="flex min-h-0 flex-1 flex-col-reverse overflow-y-auto overscroll-contain py-2 [overflow-anchor:none]">
        {firstPage ? (
          // Alone while the first page loads: the history then comes in as a block of its own,
          // instead of growing up from the composer and pushing this up the screen (a layout shift).
          <HistoryEdge {...props.history} empty={false} />
        ) : (
          <div>
            <HistoryEdge {...props.history} empty={!props.history.loading && messages.length === 0 && unsaved.length === 0} />
            <ol
              ref={list}
              aria-label="Messages"
              aria-live="polite"
              onKeyDown={onKeyDown}
              onFocus={(e) => {
                const id = (e.target as HTMLElement).dataset.messageId;
                if (id && e.target.hasAttribute("tabindex")) setFocusedId(id);
              }}
            >
              {messages.map((m, i) => {
                const older = messages[i - 1];
                const newDay = !older || dayLabel(older.createdAt) !== dayLabel(m.createdAt);
                const mine = m.senderId === meId;
                const runContinues = !newDay && older?.kind !== "system" && older?.senderId === m.senderId;
                return (
                  <Fragment key={m.id}>
                    {newDay ? (
                      <li className="my-2 text-center text-xs text-slate-600 dark:text-slate-400">
                        <span className="rounded-full bg-slate-200/70 px-2 py-0.5 dark:bg-slate-800">{dayLabel(m.createdAt)}</span>
                      </li>
                    ) : null}
                    {m.id === props.firstUnreadId ? <UnreadDivider /> : null}
                    {m.kind === "system" ? (
                      <SystemLine message={m} onReveal={props.onReveal} />
                    ) : (
                      <MessageBubble
                        message={m}
                        mine={mine}
                        state={mine ? props.stateOf(m) : undefined}
                        flash={flashing === m.id}
                        focusable={focusable === m.id}
                        nameOf={props.nameOf}
                        showSender={props.showSenders && !mine && !runContinues}
                        senderAvatar={
                          props.showSenders && !mine ? (runContinues ? null : { url: props.avatarOf?.(m.senderId) ?? null }) : undefined
                        }
                        readBy={mine ? props.readByOf?.(m) : undefined}
                        onMenu={props.onMenu}
                        onReveal={props.onReveal}
                        onToggleReaction={props.onToggleReaction}
                      />
                    )}
                  </Fragment>
                );
              })}
              {unsaved.map((m) => (
                <PendingBubble
                  key={m.clientId}
                  message={m}
                  uploads={props.uploads}
                  onRetry={() => props.onRetry(m)}
                  onDiscard={() => props.onDiscard(m.clientId)}
                />
              ))}
            </ol>
            {props.newer.hasMore || props.newer.loading || props.newer.error ? <HistoryEdge {...props.newer} empty={false} /> : null}
          </div>
        )}
      </div>
      {!props.live || away ? <JumpToNewest onJump={jumpToNewest} unread={props.unreadBelow} /> : null}
    </div>
  );
}

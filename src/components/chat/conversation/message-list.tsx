"use client";
import { Fragment, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { dayLabel } from "@/lib/format";
import type { MessageView } from "@/lib/api-types";
import { HistoryEdge } from "./history-edge";
import { MessageBubble, PendingBubble, SystemLine, type DeliveryState, type MenuAnchor } from "@/components/chat/messages/message-bubble";
import type { PendingMessage } from "@/components/chat/composer/use-send-queue";
import type { UploadItem } from "@/components/chat/composer/upload-store";

export type Flash = { messageId: string; at: number };

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
  history: { loading: boolean; error: boolean; hasMore: boolean; onLoadMore: () => void; onRetry: () => void };
  onMenu: (message: MessageView, at: MenuAnchor, row: HTMLElement) => void;
  onReveal: (messageId: string) => void;
  onToggleReaction: (message: MessageView, emoji: string) => void;
  onRetry: (message: PendingMessage) => void;
  onDiscard: (clientId: string) => void;
}) {
  const { messages, unsaved, meId, flash } = props;
  const list = useRef<HTMLOListElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusable = messages.some((m) => m.id === focusedId) ? focusedId : messages.findLast((m) => m.kind !== "system")?.id;

  // Brings a message into view (a quote or a pin was clicked), then lets its highlight fade.
  const [flashing, setFlashing] = useState<string | null>(null);
  useEffect(() => {
    if (!flash) return;
    const row = list.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(flash.messageId)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: "center", behavior: "smooth" });
    if (row.hasAttribute("tabindex")) row.focus({ preventScroll: true });
    const start = setTimeout(() => setFlashing(flash.messageId), 0);
    const end = setTimeout(() => setFlashing(null), 1500);
    return () => {
      clearTimeout(start);
      clearTimeout(end);
    };
  }, [flash]);

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
    // above; inside it the list is in reading order (oldest first) for screen readers.
    <div className="flex min-h-0 flex-1 flex-col-reverse overflow-y-auto overscroll-contain py-2">
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
                  <li className="my-2 text-center text-xs text-slate-500">
                    <span className="rounded-full bg-slate-200/70 px-2 py-0.5 dark:bg-slate-800">{dayLabel(m.createdAt)}</span>
                  </li>
                ) : null}
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
      </div>
    </div>
  );
}

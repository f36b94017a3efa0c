"use client";
import { AlertCircle, Ban, Check, CheckCheck, Clock, Pin } from "lucide-react";
import type { KeyboardEvent, ReactNode } from "react";
import { fullTime, messageTime } from "@/lib/format";
import type { MessageView, PublicUser, ReplyPreview } from "@/server/services/views";
import { ContactCard } from "./contact-card";
import { ReactionsBar } from "./reactions-bar";
import { ReplyQuote } from "./reply-quote";
import { useLongPress } from "./use-long-press";

export type DeliveryState = "sending" | "failed" | "sent" | "delivered" | "read";

const stateLabel: Record<DeliveryState, string> = {
  sending: "Sending",
  failed: "Not sent",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
};

function StateIcon({ state }: { state: DeliveryState }) {
  const cls = "h-4 w-4";
  if (state === "sending") return <Clock className={cls} aria-hidden="true" />;
  if (state === "failed") return <AlertCircle className={`${cls} text-red-300`} aria-hidden="true" />;
  if (state === "read") return <CheckCheck className={`${cls} text-emerald-300`} aria-hidden="true" />;
  if (state === "delivered") return <CheckCheck className={cls} aria-hidden="true" />;
  return <Check className={cls} aria-hidden="true" />;
}

export type MenuAnchor = { x: number; y: number };

/** Opens the message menu from a right click, a long press, Enter, the Menu key or Shift+F10. */
function useMenuTriggers(onMenu: (at: MenuAnchor, row: HTMLElement) => void) {
  const longPress = useLongPress((x, y, row) => onMenu({ x, y }, row));
  return {
    ...longPress,
    onContextMenu: (e: React.MouseEvent<HTMLElement>) => {
      e.preventDefault();
      onMenu({ x: e.clientX, y: e.clientY }, e.currentTarget);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === "Enter" || e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
        e.preventDefault();
        const bubble = e.currentTarget.querySelector("[data-bubble]")?.getBoundingClientRect();
        const rect = bubble ?? e.currentTarget.getBoundingClientRect();
        onMenu({ x: rect.left + Math.min(rect.width / 2, 40), y: rect.bottom }, e.currentTarget);
      }
    },
  };
}

/** A saved message: bubble, quote, contact card or tombstone, its state, and reactions below. */
export function MessageBubble({
  message,
  mine,
  state,
  flash,
  focusable,
  nameOf,
  showSender = false,
  readBy,
  onMenu,
  onReveal,
  onToggleReaction,
}: {
  message: MessageView;
  mine: boolean;
  /** In a group, the first of a run of someone else's messages is headed by their name. */
  showSender?: boolean;
  /** In a group, my message's "Read by N of M". */
  readBy?: string;
  state?: DeliveryState;
  flash: boolean;
  focusable: boolean;
  nameOf: (userId: string) => string;
  onMenu: (message: MessageView, at: MenuAnchor, row: HTMLElement) => void;
  onReveal: (messageId: string) => void;
  onToggleReaction: (message: MessageView, emoji: string) => void;
}) {
  const triggers = useMenuTriggers((at, row) => onMenu(message, at, row));
  const deleted = message.deletedAt !== null;
  return (
    <MessageRow
      id={message.id}
      mine={mine}
      state={state}
      flash={flash}
      focusable={focusable}
      triggers={triggers}
      below={
        deleted ? null : (
          <ReactionsBar
            reactions={message.reactions}
            mine={mine}
            nameOf={nameOf}
            onToggle={(emoji) => onToggleReaction(message, emoji)}
          />
        )
      }
    >
      {showSender ? (
        <p data-testid="sender-name" className="truncate text-[13px] font-semibold text-brand-600 dark:text-brand-100">
          {nameOf(message.senderId ?? "")}
        </p>
      ) : null}
      {message.forwardedFrom && !deleted ? (
        <p data-testid="forwarded-from" className={`text-xs ${mine ? "text-white/85" : "text-brand-600 dark:text-brand-100"}`}>
          Forwarded from <span className="font-semibold">{message.forwardedFrom.name}</span>
        </p>
      ) : null}
      {message.replyTo && !deleted ? (
        <ReplyQuote quote={message.replyTo} mine={mine} onClick={() => onReveal(message.replyTo!.id)} />
      ) : null}
      {deleted ? (
        <p data-testid="deleted-message" className="flex items-center gap-1.5 text-[15px] italic opacity-80">
          <Ban className="h-4 w-4" aria-hidden="true" />
          This message was deleted
        </p>
      ) : message.kind === "contact" ? (
        <>
          <ContactCard contact={message.contact} mine={mine} />
          {message.content ? <Text>{message.content}</Text> : null}
        </>
      ) : (
        <Text>{message.content}</Text>
      )}
      <Meta
        createdAt={message.createdAt}
        editedAt={deleted ? null : message.editedAt}
        pinned={message.pinnedAt !== null}
        mine={mine}
        state={deleted ? undefined : state}
        readBy={readBy}
      />
    </MessageRow>
  );
}

/** My message on its way: shown at once, with Retry and Discard when it could not be sent. */
export function PendingBubble({
  content,
  contact,
  createdAt,
  replyTo,
  state,
  onRetry,
  onDiscard,
}: {
  content: string;
  contact: PublicUser | null;
  createdAt: string;
  replyTo: ReplyPreview | null;
  state: "sending" | "failed";
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <MessageRow mine state={state} flash={false} focusable={false}>
      {replyTo ? <ReplyQuote quote={replyTo} mine onClick={() => undefined} /> : null}
      {contact ? <ContactCard contact={contact} mine /> : null}
      {content ? <Text>{content}</Text> : null}
      <Meta createdAt={createdAt} editedAt={null} pinned={false} mine state={state} />
      {state === "failed" ? (
        <p className="mt-1 flex gap-3 text-xs">
          <button type="button" className="font-semibold underline" onClick={onRetry}>
            Retry
          </button>
          <button type="button" className="underline opacity-80" onClick={onDiscard}>
            Discard
          </button>
        </p>
      ) : null}
    </MessageRow>
  );
}

/** A service line ("Dana pinned a message"), centred, quoting what it is about. */
export function SystemLine({ message, onReveal }: { message: MessageView; onReveal: (messageId: string) => void }) {
  const quote = message.replyTo;
  return (
    <li data-testid="message" data-kind="system" data-message-id={message.id} className="my-1 flex justify-center px-3">
      <p className="max-w-[85%] rounded-full bg-slate-200/80 px-3 py-1 text-center text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
        {message.content}
        {quote && !quote.deleted && quote.content ? (
          <>
            {" "}
            <button type="button" onClick={() => onReveal(quote.id)} className="font-medium underline-offset-2 hover:underline">
              “{quote.content.length > 40 ? `${quote.content.slice(0, 40)}…` : quote.content}”
            </button>
          </>
        ) : null}
      </p>
    </li>
  );
}

function MessageRow({
  id,
  mine,
  state,
  flash,
  focusable,
  triggers,
  below,
  children,
}: {
  id?: string;
  mine: boolean;
  state?: DeliveryState;
  flash: boolean;
  focusable: boolean;
  triggers?: ReturnType<typeof useMenuTriggers>;
  below?: ReactNode;
  children: ReactNode;
}) {
  return (
    <li
      data-testid="message"
      data-message-id={id}
      data-mine={mine}
      data-state={state}
      tabIndex={id ? (focusable ? 0 : -1) : undefined}
      {...triggers}
      className={`flex ${mine ? "justify-end" : "justify-start"} px-3 py-0.5 transition-colors duration-700 focus-visible:bg-brand-500/10 focus-visible:outline-none ${
        flash ? "bg-brand-500/20" : ""
      } [-webkit-touch-callout:none]`}
    >
      <div className={`flex max-w-[85%] flex-col sm:max-w-[70%] ${mine ? "items-end" : "items-start"}`}>
        <div
          data-bubble
          className={`min-w-0 max-w-full rounded-2xl px-3 py-1.5 shadow-sm ${
            mine
              ? "rounded-br-md bg-brand-600 text-white"
              : "rounded-bl-md bg-white text-slate-900 dark:bg-slate-800 dark:text-slate-100"
          }`}
        >
          {children}
        </div>
        {below}
      </div>
    </li>
  );
}

function Text({ children }: { children: string }) {
  return <p className="whitespace-pre-wrap break-words text-[15px] leading-snug">{children}</p>;
}

function Meta({
  createdAt,
  editedAt,
  pinned,
  mine,
  state,
  readBy,
}: {
  createdAt: string;
  editedAt: string | null;
  pinned: boolean;
  mine: boolean;
  state?: DeliveryState;
  readBy?: string;
}) {
  return (
    <p className={`mt-0.5 flex items-center justify-end gap-1 text-[11px] ${mine ? "text-white/75" : "text-slate-500"}`}>
      {pinned ? (
        <span title="Pinned" className="inline-flex">
          <Pin className="h-3 w-3" aria-hidden="true" />
          <span className="sr-only">Pinned</span>
        </span>
      ) : null}
      {editedAt ? (
        <span data-testid="edited-label" title={`Edited ${fullTime(editedAt)}`}>
          edited
        </span>
      ) : null}
      <time dateTime={createdAt} title={fullTime(createdAt)}>
        {messageTime(createdAt)}
      </time>
      {mine && state ? (
        <span className="inline-flex items-center" title={readBy && state !== "sending" && state !== "failed" ? readBy : stateLabel[state]}>
          <StateIcon state={state} />
          <span className="sr-only" data-testid="message-state">
            {stateLabel[state]}
          </span>
          {readBy && state !== "sending" && state !== "failed" ? (
            <span className="sr-only" data-testid="read-by">
              , {readBy}
            </span>
          ) : null}
        </span>
      ) : null}
    </p>
  );
}

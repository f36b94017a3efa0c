"use client";
import { AlertCircle, Ban, Check, CheckCheck, Clock, Lock, Pin } from "lucide-react";
import type { KeyboardEvent, ReactNode } from "react";
import { fullTime, messageTime } from "@/lib/format";
import { Avatar } from "@/components/ui/avatar";
import type { MessageView } from "@/lib/api-types";
import { MessageBody } from "./message-body";
import { ReactionsBar } from "./reactions-bar";
import { ReplyQuote } from "./reply-quote";
import { quoteSnippet } from "@/lib/message-snippet";
import { ExpiryCountdown } from "./expiry-countdown";
import { useLongPress } from "@/components/ui/use-long-press";
import { SecureBody } from "@/components/chat/secure/lazy";
import type { PendingMessage } from "@/components/chat/composer/use-send-queue";
import type { UploadItem } from "@/components/chat/composer/upload-store";

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

/** A saved message: bubble, quote, content (text, files, voice, sticker, contact) or tombstone, its state, and reactions below. */
export function MessageBubble({
  message,
  mine,
  state,
  flash,
  focusable,
  nameOf,
  showSender = false,
  senderAvatar,
  readBy,
  onMenu,
  onReveal,
  onToggleReaction,
}: {
  message: MessageView;
  mine: boolean;
  /** In a group, the first of a run of someone else's messages is headed by their name. */
  showSender?: boolean;
  /**
   * In a group, others' messages keep a column for their sender's picture, shown beside the
   * first of a run (`url` undefined: the column stays empty).
   */
  senderAvatar?: { url: string | null } | null;
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
      kind={message.kind}
      bare={!deleted && message.kind === "sticker"}
      mine={mine}
      state={state}
      flash={flash}
      focusable={focusable}
      triggers={triggers}
      gutter={
        senderAvatar === undefined ? undefined : senderAvatar ? (
          <Avatar name={nameOf(message.senderId ?? "")} seed={message.senderId ?? message.id} src={senderAvatar.url} size="xs" />
        ) : null
      }
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
        <p data-testid="forwarded-from" className={`text-xs ${mine ? "text-white/90" : "text-brand-600 dark:text-brand-100"}`}>
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
      ) : message.kind === "secure" ? (
        <SecureBody message={message} mine={mine} />
      ) : (
        <MessageBody
          kind={message.kind}
          content={message.content}
          contact={message.contact}
          files={message.attachments}
          sticker={message.sticker}
          durationSec={message.durationSec}
          poll={message.poll}
          mine={mine}
        />
      )}
      <Meta
        createdAt={message.createdAt}
        editedAt={deleted ? null : message.editedAt}
        scheduled={message.scheduled}
        expiresAt={deleted ? null : message.expiresAt}
        pinned={message.pinnedAt !== null}
        secure={!deleted && message.kind === "secure"}
        mine={mine}
        state={deleted ? undefined : state}
        readBy={readBy}
      />
    </MessageRow>
  );
}

/**
 * My message on its way: shown at once (files with their local previews and upload progress),
 * with Retry and Discard when it could not be sent.
 */
export function PendingBubble({
  message,
  uploads,
  onRetry,
  onDiscard,
}: {
  message: PendingMessage;
  uploads: ReadonlyMap<string, UploadItem>;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const items = message.uploads.flatMap((key) => uploads.get(key) ?? []);
  const uploading = items.some((i) => i.status !== "done");
  // Of all the message's bytes, how many have been sent.
  const total = items.reduce((sum, i) => sum + i.local.size, 0);
  const percent = Math.round((items.reduce((sum, i) => sum + i.progress * i.local.size, 0) / Math.max(1, total)) * 100);
  return (
    <MessageRow kind={message.kind} bare={message.kind === "sticker"} mine state={message.status} flash={false} focusable={false}>
      {message.replyTo ? <ReplyQuote quote={message.replyTo} mine onClick={() => undefined} /> : null}
      <MessageBody
        kind={message.kind}
        content={message.content}
        contact={message.contact}
        files={items.map((i) => i.local)}
        sticker={message.sticker}
        durationSec={message.durationSec}
        mine
      />
      {uploading && message.status === "sending" ? (
        <div className="mt-1 flex items-center gap-2 text-xs text-white/90" data-testid="upload-progress">
          <span className="h-1 flex-1 overflow-hidden rounded-full bg-white/30">
            <span className="block h-full rounded-full bg-white transition-[width]" style={{ width: `${percent}%` }} />
          </span>
          Uploading {percent}%
        </div>
      ) : null}
      <Meta createdAt={message.createdAt} editedAt={null} pinned={false} secure={message.secure} mine state={message.status} />
      {message.status === "failed" ? (
        <div className="mt-1 text-xs">
          {message.error ? <p role="alert">{items.find((i) => i.error)?.error ?? message.error}</p> : null}
          <p className="flex gap-3">
            <button type="button" className="font-semibold underline" onClick={onRetry}>
              Retry
            </button>
            <button type="button" className="underline opacity-80" onClick={onDiscard}>
              Discard
            </button>
          </p>
        </div>
      ) : null}
    </MessageRow>
  );
}

/** A service line ("Dana pinned a message"), centred, quoting what it is about. */
export function SystemLine({ message, onReveal }: { message: MessageView; onReveal: (messageId: string) => void }) {
  const quote = message.replyTo;
  const quoted = quote && !quote.deleted ? quoteSnippet(quote) : "";
  return (
    <li data-testid="message" data-kind="system" data-message-id={message.id} className="my-1 flex justify-center px-3">
      <p className="max-w-[85%] rounded-full bg-slate-200/80 px-3 py-1 text-center text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
        {message.content}
        {quote && quote.content && quoted ? (
          <>
            {" "}
            <button type="button" onClick={() => onReveal(quote.id)} className="font-medium underline-offset-2 hover:underline">
              “{quoted.length > 40 ? `${quoted.slice(0, 40)}…` : quoted}”
            </button>
          </>
        ) : null}
      </p>
    </li>
  );
}

function MessageRow({
  id,
  kind,
  bare = false,
  mine,
  state,
  flash,
  focusable,
  triggers,
  gutter,
  below,
  children,
}: {
  id?: string;
  kind: MessageView["kind"];
  /** A sticker: no bubble around it, the time on a small pill below. */
  bare?: boolean;
  mine: boolean;
  state?: DeliveryState;
  flash: boolean;
  focusable: boolean;
  triggers?: ReturnType<typeof useMenuTriggers>;
  /** Left of others' messages in a group: the sender's picture (or its empty column). */
  gutter?: ReactNode;
  below?: ReactNode;
  children: ReactNode;
}) {
  return (
    <li
      data-testid="message"
      data-message-id={id}
      data-kind={kind}
      data-mine={mine}
      data-state={state}
      data-flash={flash || undefined}
      tabIndex={id ? (focusable ? 0 : -1) : undefined}
      {...triggers}
      className={`flex ${mine ? "justify-end" : "justify-start"} px-3 py-0.5 transition-colors duration-700 focus-visible:bg-brand-500/10 focus-visible:outline-none ${
        flash ? "bg-brand-500/20" : ""
      } [-webkit-touch-callout:none]`}
    >
      {gutter === undefined ? null : <span className="mr-1.5 mt-0.5 w-7 shrink-0">{gutter}</span>}
      <div className={`flex max-w-[85%] flex-col sm:max-w-[70%] ${mine ? "items-end" : "items-start"}`}>
        <div
          data-bubble
          className={`min-w-0 max-w-full ${
            bare
              ? "flex flex-col items-end [&>p:last-child]:rounded-full [&>p:last-child]:bg-slate-900/55 [&>p:last-child]:px-2 [&>p:last-child]:text-white"
              : `rounded-2xl px-3 py-1.5 shadow-sm ${
                  mine
                    ? "rounded-br-md bg-brand-600 text-white"
                    : "rounded-bl-md bg-white text-slate-900 dark:bg-slate-800 dark:text-slate-100"
                }`
          }`}
        >
          {children}
        </div>
        {below}
      </div>
    </li>
  );
}

function Meta({
  createdAt,
  editedAt,
  scheduled = null,
  expiresAt = null,
  pinned,
  secure = false,
  mine,
  state,
  readBy,
}: {
  createdAt: string;
  editedAt: string | null;
  scheduled?: { for: string; late: boolean } | null;
  /** A disappearing message: its time left shows. */
  expiresAt?: string | null;
  pinned: boolean;
  /** End-to-end encrypted: a lock beside the time. */
  secure?: boolean;
  mine: boolean;
  state?: DeliveryState;
  readBy?: string;
}) {
  return (
    <p className={`mt-0.5 flex items-center justify-end gap-1 text-[11px] ${mine ? "text-white/90" : "text-slate-500 dark:text-slate-400"}`}>
      {pinned ? (
        <span title="Pinned" className="inline-flex">
          <Pin className="h-3 w-3" aria-hidden="true" />
          <span className="sr-only">Pinned</span>
        </span>
      ) : null}
      {secure ? (
        <span title="End-to-end encrypted" className="inline-flex" data-testid="secure-lock">
          <Lock className="h-3 w-3" aria-hidden="true" />
          <span className="sr-only">End-to-end encrypted</span>
        </span>
      ) : null}
      {scheduled ? (
        <span data-testid="scheduled-label" title={`Scheduled for ${fullTime(scheduled.for)}`}>
          {scheduled.late ? "scheduled · sent late" : "scheduled"}
        </span>
      ) : null}
      {expiresAt ? <ExpiryCountdown expiresAt={expiresAt} /> : null}
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

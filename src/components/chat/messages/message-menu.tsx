"use client";
// The actions on one message, as a menu at the pointer (or under the bubble from the
// keyboard). Arrow keys move, Enter picks, Esc closes and gives focus back to the message.
import { SmilePlus, type LucideIcon } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { usePressOutside } from "@/components/ui/use-press-outside";
import { reactionLabel } from "@/lib/reactions";
import type { ChatSummary, MessageView } from "@/lib/api-types";
import type { MenuAnchor } from "./message-bubble";

export type MenuAction = { label: string; icon: LucideIcon; onSelect: () => void; danger?: boolean };

const MARGIN = 8;

/** What the signed-in person may do with a message (the server checks again). */
export function allowedActions(
  message: MessageView,
  me: { id: string; role: "user" | "admin" },
  chat: Pick<ChatSummary, "type" | "myRole"> | undefined,
  now: number,
) {
  const mine = message.senderId === me.id;
  const alive = message.deletedAt === null && message.kind !== "system";
  const moderator = me.role === "admin" || (chat?.type === "group" && chat.myRole !== "member");
  return {
    react: alive,
    reply: alive,
    edit: alive && mine && (message.kind === "text" || message.kind === "attachment") && message.editableUntil !== null && now < Date.parse(message.editableUntil),
    copy: alive && message.content.length > 0,
    // A poll's votes belong to its chat; a secure message is sealed for this chat's devices only.
    forward: alive && message.kind !== "poll" && message.kind !== "secure",
    pin: alive && (chat?.type === "direct" || (chat !== undefined && chat.myRole !== "member")),
    deleteForMe: message.kind !== "system",
    deleteForEveryone: message.deletedAt === null && message.kind !== "system" && (mine || moderator),
    report: alive && !mine,
    /** Who read it: my messages in chats of more than two. */
    info: alive && mine && chat !== undefined && chat.type !== "direct",
  };
}

export function MessageMenu({
  at,
  reactions,
  onReact,
  onMoreReactions,
  actions,
  onClose,
  label = "Message actions",
}: {
  at: MenuAnchor;
  /** The quick reactions, or null when this message takes none. */
  reactions: readonly string[] | null;
  onReact: (emoji: string) => void;
  /** Opens the full emoji picker; absent when the instance takes only the quick reactions. */
  onMoreReactions?: () => void;
  actions: MenuAction[];
  /** `restoreFocus`: false when the pointer went elsewhere. */
  onClose: (restoreFocus: boolean) => void;
  label?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);

  // Kept inside the viewport: flipped left or up when it would overflow.
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const left = Math.max(MARGIN, Math.min(at.x, window.innerWidth - width - MARGIN));
    const top = at.y + height > window.innerHeight - MARGIN ? Math.max(MARGIN, at.y - height) : at.y;
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
    menu.style.visibility = "visible";
    items(menu)[0]?.focus();
  }, [at]);

  usePressOutside(ref, onClose);
  // A menu placed at a point means nothing once the window moves under it.
  useEffect(() => {
    const away = () => onClose(false);
    window.addEventListener("resize", away);
    window.addEventListener("blur", away);
    return () => {
      window.removeEventListener("resize", away);
      window.removeEventListener("blur", away);
    };
  }, [onClose]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const list = items(e.currentTarget);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    if (e.key === "ArrowDown" || e.key === "ArrowRight") move(index + 1);
    else if (e.key === "ArrowUp" || e.key === "ArrowLeft") move(index - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(list.length - 1);
    else if (e.key === "Escape") onClose(true);
    else if (e.key === "Tab") onClose(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  const pick = (run: () => void) => () => {
    onClose(true);
    run();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={{ left: at.x, top: at.y, visibility: "hidden" }}
      className="fixed z-50 w-60 overflow-hidden rounded-xl border border-slate-200 bg-white/95 py-1 text-sm text-slate-800 shadow-xl backdrop-blur dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100"
    >
      {reactions?.length ? (
        <div role="group" aria-label="Reactions" className="grid grid-cols-7 gap-0.5 border-b border-slate-200 px-1.5 pb-1.5 pt-0.5 dark:border-slate-700">
          {reactions.map((emoji) => (
            <button
              key={emoji}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={`React with ${reactionLabel(emoji)}`}
              title={reactionLabel(emoji)}
              onClick={pick(() => onReact(emoji))}
              className={reactionClass}
            >
              {emoji}
            </button>
          ))}
          {onMoreReactions ? (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label="More reactions"
              title="More reactions"
              onClick={pick(onMoreReactions)}
              className={`${reactionClass} text-slate-500 dark:text-slate-400`}
            >
              <SmilePlus className="h-5 w-5" aria-hidden="true" />
            </button>
          ) : null}
        </div>
      ) : null}
      {actions.map(({ label, icon: Icon, onSelect, danger }) => (
        <button
          key={label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={pick(onSelect)}
          className={`flex w-full items-center gap-3 px-3 py-2 text-left hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800 ${
            danger ? "text-red-600 dark:text-red-400" : ""
          }`}
        >
          <Icon className="h-4 w-4 shrink-0" aria-hidden="true" />
          {label}
        </button>
      ))}
    </div>,
    document.body,
  );
}

const reactionClass =
  "flex h-8 items-center justify-center rounded-lg font-emoji text-lg transition-transform hover:scale-110 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800";

const items = (menu: HTMLElement) => Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));

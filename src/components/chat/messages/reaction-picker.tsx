"use client";
// "More reactions": the full emoji picker where the message menu was, to react with any
// emoji. Esc closes it and gives focus back to the message; so does a click elsewhere.
import { useLayoutEffect, useRef } from "react";
import { createPortal } from "react-dom";
import { LazyEmojiPanel } from "@/components/chat/emoji/lazy-emoji-panel";
import { closeOnEscape, usePressOutside } from "@/components/ui/use-press-outside";
import type { MenuAnchor } from "./message-bubble";

const MARGIN = 8;

export function ReactionPicker({ at, onPick, onClose }: { at: MenuAnchor; onPick: (emoji: string) => void; onClose: (restoreFocus: boolean) => void }) {
  const ref = useRef<HTMLDivElement>(null);

  // Kept inside the viewport, like the menu it replaces.
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const { width, height } = box.getBoundingClientRect();
    box.style.left = `${Math.max(MARGIN, Math.min(at.x, window.innerWidth - width - MARGIN))}px`;
    box.style.top = `${Math.max(MARGIN, Math.min(at.y, window.innerHeight - height - MARGIN))}px`;
    box.style.visibility = "visible";
  }, [at]);

  usePressOutside(ref, onClose);

  return createPortal(
    <div
      ref={ref}
      role="dialog"
      aria-label="Choose a reaction"
      onKeyDown={(e) => closeOnEscape(e, onClose)}
      style={{ left: at.x, top: at.y, visibility: "hidden" }}
      className="fixed z-50 w-[min(20.5rem,calc(100vw-1rem))] rounded-2xl border border-slate-200 bg-white p-2 shadow-xl dark:border-slate-700 dark:bg-slate-900"
    >
      <LazyEmojiPanel
        autoFocus
        onPick={(emoji) => {
          onClose(true);
          onPick(emoji);
        }}
      />
    </div>,
    document.body,
  );
}

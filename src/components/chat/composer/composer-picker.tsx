"use client";
import { useRef, type KeyboardEvent } from "react";
import { LazyEmojiPanel } from "@/components/chat/emoji/lazy-emoji-panel";
import { closeOnEscape, usePressOutside } from "@/components/ui/use-press-outside";
import { StickerGrid } from "./sticker-grid";

export type PickerTab = "emoji" | "stickers";
const tabs: { id: PickerTab; label: string }[] = [
  { id: "emoji", label: "Emoji" },
  { id: "stickers", label: "Stickers" },
];

/**
 * The composer's emoji and sticker picker, as in Telegram: two tabs in one popover over the
 * composer. A picked emoji goes into the text and the picker stays open; a sticker is sent
 * and closes it. Esc closes it (focus goes back to the text), and so does a click elsewhere.
 */
export function ComposerPicker({
  tab,
  onTab,
  onEmoji,
  onSticker,
  onClose,
}: {
  tab: PickerTab;
  onTab: (tab: PickerTab) => void;
  onEmoji: (emoji: string) => void;
  onSticker: (id: string) => void;
  /** `restoreFocus`: false when the pointer went elsewhere. */
  onClose: (restoreFocus: boolean) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);

  // The picker's button toggles it: a press there is the button's, not a press outside.
  usePressOutside(ref, onClose, { sparesOpener: true });

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const next = tabs[(tabs.findIndex((t) => t.id === tab) + 1) % tabs.length]!.id;
    onTab(next);
    requestAnimationFrame(() => ref.current?.querySelector<HTMLButtonElement>(`#picker-tab-${next}`)?.focus());
  }

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label="Emoji and stickers"
      onKeyDown={(e) => closeOnEscape(e, onClose)}
      className="absolute bottom-full left-0 z-20 mb-2 w-[min(20.5rem,calc(100vw-1.5rem))] rounded-2xl border border-slate-200 bg-white p-2 shadow-xl dark:border-slate-700 dark:bg-slate-900"
    >
      <div id="composer-picker-panel" role="tabpanel" aria-labelledby={`picker-tab-${tab}`} className="min-h-80">
        {tab === "emoji" ? <LazyEmojiPanel onPick={onEmoji} autoFocus /> : <StickerGrid onPick={onSticker} />}
      </div>
      <div role="tablist" aria-label="Picker" className="mt-1.5 flex gap-1 border-t border-slate-200 pt-1.5 dark:border-slate-700">
        {tabs.map(({ id, label }) => (
          <button
            key={id}
            id={`picker-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls="composer-picker-panel"
            tabIndex={tab === id ? 0 : -1}
            onClick={() => onTab(id)}
            onKeyDown={onTabKey}
            className={`flex-1 rounded-lg px-2 py-1 text-sm font-medium transition-colors ${
              tab === id ? "bg-brand-50 text-brand-700 dark:bg-slate-800 dark:text-brand-100" : "text-slate-500 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800"
            }`}
          >
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}

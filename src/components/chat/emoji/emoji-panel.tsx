"use client";
// The emoji picker (frimousse): search, every emoji by category, skin tone. Loaded only when
// a picker opens (see lazy-emoji-panel.tsx), with its data from Relay (src/lib/emoji-data.ts).
import {
  EmojiPicker,
  useSkinTone,
  type EmojiPickerListCategoryHeaderProps,
  type EmojiPickerListEmojiProps,
  type EmojiPickerListRowProps,
  type SkinTone,
} from "frimousse";
import { useEffect, useState, type CSSProperties } from "react";
import { EMOJI_VERSION, EMOJIBASE_URL } from "@/lib/emoji-data";

export type EmojiPanelProps = {
  onPick: (emoji: string) => void;
  /** The search box takes focus when the panel opens. */
  autoFocus?: boolean;
};

// The page's emoji stack (globals.css): a system emoji font when there is one, else Relay's.
const emojiFont = { "--frimousse-emoji-font": "var(--font-emoji)" } as CSSProperties;

// The skin tone picked last, for every picker on this device.
const SKIN_TONE_KEY = "relay:emoji-skin-tone";
const skinTones: readonly string[] = ["none", "light", "medium-light", "medium", "medium-dark", "dark"];

function savedSkinTone(): SkinTone {
  try {
    const saved = localStorage.getItem(SKIN_TONE_KEY) ?? "none";
    return skinTones.includes(saved) ? (saved as SkinTone) : "none";
  } catch {
    return "none";
  }
}

/** Writes the picker's skin tone down whenever the person changes it. */
function RememberSkinTone() {
  const [skinTone] = useSkinTone();
  useEffect(() => {
    try {
      localStorage.setItem(SKIN_TONE_KEY, skinTone);
    } catch {
      // Private mode: the tone lasts as long as the picker.
    }
  }, [skinTone]);
  return null;
}

export default function EmojiPanel({ onPick, autoFocus = false }: EmojiPanelProps) {
  // Read once: the picker owns the tone from then on.
  const [initialSkinTone] = useState(savedSkinTone);
  return (
    <EmojiPicker.Root
      skinTone={initialSkinTone}
      onEmojiSelect={({ emoji }) => onPick(emoji)}
      emojibaseUrl={EMOJIBASE_URL}
      emojiVersion={EMOJI_VERSION}
      columns={8}
      style={emojiFont}
      className="isolate flex h-80 w-full flex-col"
    >
      <RememberSkinTone />
      <div className="flex items-center gap-1.5 px-1 pb-1.5">
        <EmojiPicker.Search
          autoFocus={autoFocus}
          placeholder="Search emoji"
          aria-label="Search emoji"
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-800"
        />
        <EmojiPicker.SkinToneSelector
          aria-label="Skin tone"
          title="Skin tone"
          className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg font-emoji text-lg hover:bg-slate-100 dark:hover:bg-slate-800"
        />
      </div>
      {/* Focusable, so the list scrolls from the keyboard too (its emoji are not tab stops). */}
      <EmojiPicker.Viewport tabIndex={0} className="relative flex-1 rounded-lg outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500">
        <EmojiPicker.Loading className="absolute inset-0 flex items-center justify-center text-sm text-slate-500 dark:text-slate-400">Loading emoji…</EmojiPicker.Loading>
        <EmojiPicker.Empty className="absolute inset-0 flex items-center justify-center text-sm text-slate-500 dark:text-slate-400">No emoji found.</EmojiPicker.Empty>
        <EmojiPicker.List className="select-none pb-1" components={{ CategoryHeader, Row, Emoji }} />
      </EmojiPicker.Viewport>
    </EmojiPicker.Root>
  );
}

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div {...props} className="bg-white px-1.5 pb-1 pt-2 text-xs font-semibold text-slate-500 dark:bg-slate-900 dark:text-slate-400">
      {category.label}
    </div>
  );
}

/**
 * frimousse numbers rows and columns from 0; ARIA's aria-rowindex/aria-colindex start at 1, so
 * both are shifted here. frimousse finds the row to scroll to by its aria-rowindex, which now
 * names the row above the chosen one: a bottom scroll margin of one row keeps the chosen row
 * itself in view when the arrows go down.
 */
const ariaIndex = (index: unknown) => (typeof index === "number" ? index + 1 : undefined);

function Row({ children, ...props }: EmojiPickerListRowProps) {
  return (
    <div
      {...props}
      aria-rowindex={ariaIndex(props["aria-rowindex"])}
      className="scroll-mt-1 scroll-mb-[calc(var(--frimousse-row-height)+0.25rem)] px-0.5"
    >
      {children}
    </div>
  );
}

function Emoji({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button
      {...props}
      role="gridcell"
      aria-colindex={ariaIndex(props["aria-colindex"])}
      type="button"
      title={emoji.label}
      className="flex size-9 items-center justify-center rounded-lg text-2xl data-[active]:bg-slate-100 dark:data-[active]:bg-slate-800"
    >
      {emoji.emoji}
    </button>
  );
}

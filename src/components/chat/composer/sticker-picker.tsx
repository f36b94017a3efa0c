"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { PlainImage } from "@/components/media/plain-image";
import { stickers, stickerUrl } from "@/lib/stickers";

const COLUMNS = 4;

/**
 * The sticker set as a grid over the composer. Arrow keys move, Home/End jump, Enter or a
 * click sends, Esc or a click elsewhere closes it (focus goes back to the opener).
 */
export function StickerPicker({ onPick, onClose }: { onPick: (id: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const popover = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    popover?.querySelector<HTMLButtonElement>("button")?.focus();
    const onPointerDown = (e: PointerEvent) => {
      if (!popover?.contains(e.target as Node) && !opener?.contains(e.target as Node)) onClose();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      // Focus goes back to the opener, unless the person has moved it elsewhere.
      if (popover?.contains(document.activeElement) || document.activeElement === document.body) opener?.focus();
    };
  }, [onClose]);

  function focusAt(index: number) {
    const next = Math.max(0, Math.min(stickers.length - 1, index));
    setActive(next);
    ref.current?.querySelectorAll<HTMLButtonElement>("button")[next]?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + COLUMNS,
      ArrowUp: active - COLUMNS,
      Home: 0,
      End: stickers.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusAt(moves[e.key]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  }

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label="Stickers"
      onKeyDown={onKeyDown}
      className="absolute bottom-full left-0 z-20 mb-2 w-[min(20rem,calc(100vw-1.5rem))] rounded-2xl border border-slate-200 bg-white p-2 shadow-xl dark:border-slate-700 dark:bg-slate-900"
    >
      <p className="px-1 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Stickers</p>
      <div role="group" aria-label="Sticker set" className="grid grid-cols-4 gap-1">
        {stickers.map((sticker, i) => (
          <button
            key={sticker.id}
            type="button"
            tabIndex={i === active ? 0 : -1}
            aria-label={sticker.label}
            title={sticker.label}
            onFocus={() => setActive(i)}
            onClick={() => onPick(sticker.id)}
            className="flex aspect-square items-center justify-center rounded-xl p-1 transition-colors hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
          >
            <PlainImage src={stickerUrl(sticker.id)} alt="" width={64} height={64} className="h-16 w-16" draggable={false} />
          </button>
        ))}
      </div>
    </div>
  );
}

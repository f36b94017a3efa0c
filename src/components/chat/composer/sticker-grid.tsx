"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { PlainImage } from "@/components/media/plain-image";
import { stickers, stickerUrl } from "@/lib/stickers";

const COLUMNS = 4;

/**
 * The sticker set as a grid (the Stickers tab of the composer's picker). It takes focus when
 * shown; arrow keys move, Home/End jump, Enter or a click sends.
 */
export function StickerGrid({ onPick }: { onPick: (id: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, []);

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
    if (!(e.key in moves)) return;
    e.preventDefault();
    e.stopPropagation();
    focusAt(moves[e.key]!);
  }

  return (
    <div ref={ref} role="group" aria-label="Sticker set" onKeyDown={onKeyDown} className="grid grid-cols-4 gap-1">
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
  );
}

"use client";
import { useEffect, type KeyboardEvent, type RefObject } from "react";

/**
 * A popover's ways out. A press outside it closes it without moving focus (the press put focus
 * where it wanted). With `sparesOpener`, a press on the control that was focused when it opened
 * is left to that control, which toggles the popover itself.
 */
export function usePressOutside(ref: RefObject<HTMLElement | null>, onClose: (restoreFocus: false) => void, { sparesOpener = false } = {}) {
  useEffect(() => {
    const opener = sparesOpener && document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!ref.current?.contains(target) && !opener?.contains(target)) onClose(false);
    };
    document.addEventListener("pointerdown", outside, true);
    return () => document.removeEventListener("pointerdown", outside, true);
  }, [ref, onClose, sparesOpener]);
}

/** Esc closes a popover and gives focus back to where it was opened from. */
export function closeOnEscape(e: KeyboardEvent, onClose: (restoreFocus: true) => void) {
  if (e.key !== "Escape") return;
  e.preventDefault();
  e.stopPropagation();
  onClose(true);
}

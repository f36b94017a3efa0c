"use client";
import { useRef, type PointerEvent } from "react";

const HOLD_MS = 500;
const SLOP_PX = 10;

/** A touch held still for half a second; moving (scrolling) or lifting the finger cancels it. */
export function useLongPress(onLongPress: (x: number, y: number, element: HTMLElement) => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const start = useRef({ x: 0, y: 0 });
  const element = useRef<HTMLElement | null>(null);
  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  return {
    onPointerDown: (e: PointerEvent) => {
      if (e.pointerType !== "touch") return;
      start.current = { x: e.clientX, y: e.clientY };
      element.current = e.currentTarget as HTMLElement;
      cancel();
      timer.current = setTimeout(() => {
        timer.current = null;
        navigator.vibrate?.(10);
        if (element.current) onLongPress(start.current.x, start.current.y, element.current);
      }, HOLD_MS);
    },
    onPointerMove: (e: PointerEvent) => {
      if (Math.hypot(e.clientX - start.current.x, e.clientY - start.current.y) > SLOP_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
  };
}

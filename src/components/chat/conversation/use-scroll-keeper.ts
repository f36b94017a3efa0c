"use client";
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** What the reader was looking at: the topmost message on screen and where it was. */
type Held = { id: string; top: number; scrollTop: number; atBottom: boolean; live: boolean };

/** At the newest, or near enough that a new message below is still seen. */
const atBottomOf = (box: HTMLElement) => -box.scrollTop < 16;

/**
 * The history scrolls in a column-reverse box, which keeps its distance from the bottom when
 * its content changes: right for older pages loading above, and for a new message while the
 * reader is at the newest. Anything added below them otherwise (a newer page of a window far
 * back, a new message while they read older ones) would push what they read up the screen.
 * After every render this puts the topmost message they saw back where it was — except at the
 * bottom of a live history, which stays at the bottom, and after a scroll (theirs, or to a
 * message shown to them), which moved it on purpose.
 */
export function useScrollKeeper(scroller: RefObject<HTMLElement | null>, live: boolean) {
  const held = useRef<Held | null>(null);
  const liveNow = useRef(live);

  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const onScroll = () => void (held.current = topmostIn(box, liveNow.current));
    box.addEventListener("scroll", onScroll, { passive: true });
    return () => box.removeEventListener("scroll", onScroll);
  }, [scroller]);

  // Every render: whatever changed, it is measured before the screen shows it.
  useLayoutEffect(() => {
    liveNow.current = live;
    const box = scroller.current;
    if (!box) return;
    const was = held.current;
    if (was && box.scrollTop === was.scrollTop && !(was.live && was.atBottom)) {
      const row = box.querySelector<HTMLElement>(`li[data-message-id="${CSS.escape(was.id)}"]`);
      const moved = row ? row.getBoundingClientRect().top - was.top : 0;
      if (Math.abs(moved) >= 1) box.scrollBy({ top: moved });
    }
    held.current = topmostIn(box, live);
  });
}

/** The topmost message row (even partly) on screen in `box`, and where it is. */
export function topmostIn(box: HTMLElement, live: boolean): Held | null {
  const top = box.getBoundingClientRect().top;
  for (const row of box.querySelectorAll<HTMLElement>("li[data-message-id]")) {
    const rect = row.getBoundingClientRect();
    if (rect.bottom > top) return { id: row.dataset.messageId!, top: rect.top, scrollTop: box.scrollTop, atBottom: atBottomOf(box), live };
  }
  return null;
}

/** Whether the reader has scrolled up from the newest by more than half a screen. */
export function useAwayFromBottom(scroller: RefObject<HTMLElement | null>) {
  const [away, setAway] = useState(false);
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const onScroll = () => setAway(-box.scrollTop > box.clientHeight / 2);
    box.addEventListener("scroll", onScroll, { passive: true });
    return () => box.removeEventListener("scroll", onScroll);
  }, [scroller]);
  return away;
}

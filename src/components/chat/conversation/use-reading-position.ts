"use client";
// A reload opens a chat where it was being read (lib/reading-position.ts): the tab keeps the
// topmost message on screen and its offset as the reader scrolls; after a reload the history
// opens around that message (the window a `?message=` address opens) and puts it back at its
// offset. Read at the newest, nothing is kept and the chat reopens at the newest.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { parseReadingPosition, positionToKeep, type ReadingPosition } from "@/lib/reading-position";
import { topmostIn } from "./use-scroll-keeper";

/** The chat this document's reload reopened: the first one asked about (null: not a reload). */
let reloadedChat: string | null | undefined;

function reloadReopened(chatId: string): boolean {
  if (reloadedChat === undefined) {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    reloadedChat = navigation?.type === "reload" ? chatId : null;
  }
  return reloadedChat === chatId;
}

function stored(key: string): ReadingPosition | null {
  try {
    return parseReadingPosition(sessionStorage.getItem(key));
  } catch {
    return null; // storage refused (privacy settings): nothing to restore
  }
}

/**
 * After a reload, where this chat was being read; `ready` once that is known (the tab's storage
 * is read after mount). A chat opened at a message (`openAt`) or left for its newest
 * (`forget`) drops it.
 */
export function useReloadedPosition(storageKey: string, chatId: string, openAt: string | null) {
  const [state, setState] = useState<{ ready: boolean; position: ReadingPosition | null }>({ ready: false, position: null });
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage is only readable after mount
    setState({ ready: true, position: reloadReopened(chatId) ? stored(storageKey) : null });
  }, [storageKey, chatId]);
  // Adjusted while rendering: an address's message replaces the restored place for good.
  if (openAt !== null && state.position !== null) setState({ ready: true, position: null });
  const forget = useCallback(() => setState((s) => (s.position === null ? s : { ready: true, position: null })), []);
  return { ...state, forget };
}

/** For the history's scroller: puts `restore` back once its message is on the list, and keeps the position as it changes. */
export function useKeepReadingPosition(scroller: RefObject<HTMLElement | null>, storageKey: string, restore: ReadingPosition | null, live: boolean) {
  const restored = useRef(restore === null);
  const liveNow = useRef(live);
  useLayoutEffect(() => {
    liveNow.current = live;
    if (restored.current || !restore) return;
    const box = scroller.current;
    const row = box?.querySelector<HTMLElement>(`li[data-message-id="${CSS.escape(restore.messageId)}"]`);
    if (!box || !row) return;
    box.scrollBy({ top: row.getBoundingClientRect().top - box.getBoundingClientRect().top - restore.offset });
    restored.current = true;
  });

  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const keep = () => {
      // Not before the place being restored is on screen: the first frames would overwrite it.
      if (!restored.current) return;
      const top = topmostIn(box, liveNow.current);
      const position = positionToKeep({
        topmostId: top?.id ?? null,
        offset: top ? top.top - box.getBoundingClientRect().top : 0,
        atNewest: top?.atBottom ?? true,
        live: liveNow.current,
      });
      try {
        if (position) sessionStorage.setItem(storageKey, JSON.stringify(position));
        else sessionStorage.removeItem(storageKey);
      } catch {
        // storage refused or full: the next reload opens at the newest
      }
    };
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(keep, 150);
    };
    box.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("pagehide", keep);
    return () => {
      clearTimeout(timer);
      box.removeEventListener("scroll", onScroll);
      window.removeEventListener("pagehide", keep);
    };
  }, [scroller, storageKey]);
}

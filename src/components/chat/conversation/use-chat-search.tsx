"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { ChatSearchBar } from "./chat-search-bar";

/**
 * The in-chat search: `open` for the header's button, Ctrl+F / ⌘F (in place of the browser's
 * find, which cannot see the history not yet loaded), and the bar to show under the header.
 * Closing it gives the focus back to where it was.
 */
export function useChatSearch(chatId: string, enabled: boolean) {
  const [open, setOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const returnFocus = useRef<HTMLElement | null>(null);

  const openSearch = useCallback(() => {
    if (!returnFocus.current && document.activeElement instanceof HTMLElement) returnFocus.current = document.activeElement;
    setOpen(true);
    setFocusRequest((n) => n + 1);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== "f") return;
      e.preventDefault();
      openSearch();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled, openSearch]);

  const close = useCallback(() => {
    setOpen(false);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  const bar = open && enabled ? <ChatSearchBar chatId={chatId} focusRequest={focusRequest} onClose={close} /> : null;
  return { enabled, open: openSearch, bar };
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

// What Esc closes before it closes the chat: a dialog, a menu, the stickers, a list of search
// results, the in-chat search bar, the voice recorder.
const OPEN_LAYERS =
  'dialog[open], [role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [role="search"], [data-testid="voice-recorder"]';

/**
 * Esc in an open chat goes back to the chat list, as in Telegram, once there is nothing else
 * for it to let go of: `busy` (a reply or an edit in progress, an open menu or panel of the
 * chat's own), anything in OPEN_LAYERS, or a text box other than the composer (a search box
 * or a title being renamed spends Esc on itself). Read before any of them handles the key, so
 * the Esc that closes a menu does not close the chat too.
 */
export function useEscapeToList(busy: boolean) {
  const router = useRouter();
  const busyNow = useRef(busy);
  useEffect(() => {
    busyNow.current = busy;
  }, [busy]);
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== "Escape" || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.isComposing) return;
      if (busyNow.current || document.querySelector(OPEN_LAYERS)) return;
      if (e.target instanceof Element && e.target.closest('input, select, [contenteditable="true"]')) return;
      router.push("/chats");
    }
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [router]);
}

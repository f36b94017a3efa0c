"use client";
import { useEffect, useState } from "react";
import { QuickSwitcher } from "@/components/chat/dialogs/lazy";

/** Ctrl+K / ⌘K anywhere in the chats opens the quick switcher (and closes it again). */
export function useQuickSwitcher() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== "k") return;
      // Not on top of another dialog (a forward, a poll, a call).
      if (!open && document.querySelector("dialog[open]")) return;
      e.preventDefault();
      setOpen((now) => !now);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [open]);
  return open ? <QuickSwitcher onClose={() => setOpen(false)} /> : null;
}

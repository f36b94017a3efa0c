"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MessageView } from "@/lib/api-types";
import type { Flash } from "./message-list";
import { useOpenAtMessage, useShowInPlace } from "./open-at-message";

/**
 * Which message is highlighted: the one the chat was opened at, once its window has loaded
 * (brought into view at once), or one asked for later (a quote, a pin, a search hit). One on
 * screen is scrolled to; any other opens the chat at it, however far back.
 */
export function useMessageReveal(chatId: string, openAt: string | null, messages: MessageView[]) {
  const openAtMessage = useOpenAtMessage();
  const loaded = useRef<MessageView[]>(messages);
  useEffect(() => {
    loaded.current = messages;
  }, [messages]);

  // A flash asked for in place belongs to the window it was asked in.
  const [asked, setAsked] = useState<{ flash: Flash; openAt: string | null } | null>(null);
  const showInPlace = useCallback(
    (inChat: string, messageId: string) => {
      if (inChat !== chatId || !loaded.current.some((m) => m.id === messageId)) return false;
      setAsked({ flash: { messageId, at: Date.now() }, openAt });
      return true;
    },
    [chatId, openAt],
  );
  useShowInPlace(showInPlace);

  const openedShown = openAt !== null && messages.some((m) => m.id === openAt);
  const opened = useMemo<Flash | null>(
    () => (openAt !== null && openedShown ? { messageId: openAt, at: 0, instant: true } : null),
    [openAt, openedShown],
  );
  const flash = asked && asked.openAt === openAt ? asked.flash : opened;
  const reveal = useCallback((messageId: string) => openAtMessage(chatId, messageId), [openAtMessage, chatId]);
  return { flash, reveal };
}

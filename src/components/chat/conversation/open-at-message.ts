"use client";
// Opening a chat at one of its messages, from anywhere (a search hit, a quote, a pin): the
// address `/chats/<chatId>?message=<messageId>` opens the chat there, however far back. When
// that chat is already open with the message on screen, it is shown in place instead.
import { useRouter } from "next/navigation";
import { useCallback, useEffect } from "react";

/** The address of a chat opened at a message. */
export const messageHref = (chatId: string, messageId: string) =>
  `/chats/${encodeURIComponent(chatId)}?message=${encodeURIComponent(messageId)}`;

/** The open conversations: each shows a message of its chat in place if it has it loaded. */
const inPlace = new Set<(chatId: string, messageId: string) => boolean>();

/**
 * Returns `openAtMessage(chatId, messageId, how?)`. "replace" steps within the open chat (an
 * in-chat search), so Back leaves the chat instead of walking back through every match.
 */
export function useOpenAtMessage() {
  const router = useRouter();
  return useCallback(
    (chatId: string, messageId: string, how: "push" | "replace" = "push") => {
      for (const show of inPlace) if (show(chatId, messageId)) return;
      const href = messageHref(chatId, messageId);
      if (how === "replace") router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [router],
  );
}

/** For the conversation: `show` flashes the message if it is loaded and says whether it was. */
export function useShowInPlace(show: (chatId: string, messageId: string) => boolean) {
  useEffect(() => {
    inPlace.add(show);
    return () => void inPlace.delete(show);
  }, [show]);
}

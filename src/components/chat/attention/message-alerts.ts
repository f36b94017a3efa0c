"use client";
// A message that arrives while this tab is hidden: a browser notification (when allowed and
// turned on) and a chime (when turned on). Clicking the notification brings the tab back, in
// that chat. One notification per chat at a time: a newer message replaces the older one.
import type { QueryClient } from "@tanstack/react-query";
import { playMessageChime } from "@/components/call/ringtone";
import type { ChatInfo, MessageView } from "@/lib/api-types";
import { fullName } from "@/lib/format";
import type { useTRPC } from "@/trpc/react";
import { knownChat } from "../chat-list-cache";
import { messageSnippet } from "@/lib/message-snippet";
import { notificationPermission, readAttentionSettings } from "./attention-settings";

type TRPC = ReturnType<typeof useTRPC>;

function senderName(queryClient: QueryClient, trpc: TRPC, message: MessageView): string | null {
  const info = queryClient.getQueryData<ChatInfo>(trpc.chats.info.queryKey({ chatId: message.chatId }));
  const member = info?.members.find((m) => m.user.id === message.senderId);
  return member ? fullName(member.user) : null;
}

/** What the notification says: the chat's name, and the message (by whom, in a group). */
export function notificationText(queryClient: QueryClient, trpc: TRPC, message: MessageView): { title: string; body: string } {
  const chat = knownChat(queryClient, trpc, message.chatId);
  const snippet = messageSnippet(message);
  const sender = chat?.type === "direct" ? null : senderName(queryClient, trpc, message);
  return { title: chat?.title ?? "New message", body: sender ? `${sender}: ${snippet}` : snippet };
}

export function alertOfMessage(queryClient: QueryClient, trpc: TRPC, meId: string, message: MessageView, open: (chatId: string) => void) {
  if (!message.senderId || message.senderId === meId) return;
  if (document.visibilityState !== "hidden") return;
  const settings = readAttentionSettings(meId);
  if (settings.sound) playMessageChime();
  if (!settings.notifications || notificationPermission() !== "granted") return;
  const { title, body } = notificationText(queryClient, trpc, message);
  try {
    const notification = new Notification(title, { body, tag: `relay-chat:${message.chatId}`, icon: "/icon.svg" });
    notification.onclick = () => {
      window.focus();
      open(message.chatId);
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the chime has to do.
  }
}

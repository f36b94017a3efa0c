"use client";
// My unread total over all chats, in the tab's title and favicon.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { useTabBadge } from "./tab-badge";

export function UnreadInTab() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.chats.stats.queryOptions());
  useTabBadge(stats.data?.totalUnread ?? 0);
  return null;
}

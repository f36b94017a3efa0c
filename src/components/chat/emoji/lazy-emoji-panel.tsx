"use client";
// The emoji picker as its own chunk: a conversation's first load carries none of it; its
// code and data load when a picker first opens.
import dynamic from "next/dynamic";
import type { EmojiPanelProps } from "./emoji-panel";

export const LazyEmojiPanel = dynamic<EmojiPanelProps>(() => import("./emoji-panel"), {
  ssr: false,
  loading: () => <p className="flex h-80 items-center justify-center text-sm text-slate-500 dark:text-slate-400">Loading emoji…</p>,
});

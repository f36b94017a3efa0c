import type { Metadata } from "next";
import { MessageSquare } from "lucide-react";

export const metadata: Metadata = { title: "Chats" };

export default function ChatsHome() {
  return (
    <div className="hidden h-full flex-col items-center justify-center gap-3 p-6 text-center text-slate-500 dark:text-slate-400 md:flex">
      <MessageSquare className="h-12 w-12 text-slate-300 dark:text-slate-700" aria-hidden="true" />
      <h1 className="text-lg font-medium text-slate-700 dark:text-slate-300">Select a chat</h1>
      <p className="max-w-xs text-sm">Pick a conversation on the left, or search for someone by name to start one.</p>
    </div>
  );
}

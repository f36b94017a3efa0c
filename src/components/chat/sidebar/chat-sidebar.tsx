"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { LifeBuoy, LogOut, Music, ShieldCheck, UsersRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button, IconButton } from "@/components/ui/button";
import { SearchField } from "@/components/ui/search-field";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { QueryFallback } from "@/components/ui/query-fallback";
import { fullName } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { ChatFilters, listInputFor, type ChatFilter } from "./chat-filters";
import { ChatListItem } from "./chat-list-item";
import { NewGroupDialog } from "@/components/chat/dialogs/new-group-dialog";
import { useMe } from "@/components/chat/me-context";
import { PeopleSearch } from "./people-search";
import { useOpenSupport } from "./use-open-support";
import { useSignOut } from "./use-sign-out";

export function ChatSidebar() {
  const me = useMe();
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState<ChatFilter>("all");
  const signOut = useSignOut();
  const { open: openHelp, pending: helpPending } = useOpenSupport();
  return (
    <>
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <Link href="/settings/profile" className="flex min-w-0 flex-1 items-center gap-2 rounded-lg p-1 hover:bg-slate-100 dark:hover:bg-slate-800" aria-label="Your profile">
          <Avatar name={fullName(me)} seed={me.id} src={me.avatarUrl} size="sm" />
          <span className="truncate text-sm font-medium">{fullName(me)}</span>
        </Link>
        <IconButton aria-label="New group" title="New group" onClick={() => setCreating(true)}>
          <UsersRound className="h-5 w-5" aria-hidden="true" />
        </IconButton>
        <Link
          href="/music"
          aria-label="Music"
          title="Music"
          className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-slate-600 transition-colors hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          <Music className="h-5 w-5" aria-hidden="true" />
        </Link>
        {me.role === "admin" ? (
          <Link
            href="/admin"
            aria-label="Admin dashboard"
            title="Admin dashboard"
            className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-slate-600 transition-colors hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <ShieldCheck className="h-5 w-5" aria-hidden="true" />
          </Link>
        ) : null}
        <IconButton aria-label="Help" title="Help: write to support" onClick={openHelp} disabled={helpPending}>
          <LifeBuoy className="h-5 w-5" aria-hidden="true" />
        </IconButton>
        <ThemeToggle />
        <IconButton aria-label="Sign out" title="Sign out" onClick={signOut}>
          <LogOut className="h-5 w-5" aria-hidden="true" />
        </IconButton>
      </header>
      <div className="px-3 py-2">
        <SearchField label="Search people" value={query} onChange={setQuery} onEscape={() => setQuery("")} onClear={() => setQuery("")} />
      </div>
      {query.trim() ? (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <PeopleSearch query={query.trim()} onOpened={() => setQuery("")} />
        </div>
      ) : (
        <>
          <ChatFilters value={filter} onChange={setFilter} />
          <div id="chat-list-panel" role="tabpanel" className="min-h-0 flex-1 overflow-y-auto">
            <ChatList filter={filter} />
          </div>
        </>
      )}
      {creating ? <NewGroupDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}

const emptyText: Record<ChatFilter, [string, string]> = {
  all: ["No chats yet", "Search for someone above to start your first conversation."],
  direct: ["No direct chats", "Search for someone above to start a conversation."],
  group: ["No groups yet", "Create one with the New group button."],
  support: ["No support chats", "Need help? Use the Help button to write to us."],
  archived: ["No archived chats", "Archive a chat from its menu to tuck it away here."],
};

function ChatList({ filter }: { filter: ChatFilter }) {
  const trpc = useTRPC();
  const chats = useInfiniteQuery(
    trpc.chats.list.infiniteQueryOptions({ limit: 30, ...listInputFor(filter) }, { getNextPageParam: (last) => last.nextCursor }),
  );
  if (chats.isPending || chats.isError) {
    return <QueryFallback query={chats} loading="Loading chats" failed="Could not load your chats." />;
  }
  const items = chats.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <div className="p-6 text-center text-sm text-slate-500">
        <p className="font-medium text-slate-700 dark:text-slate-300">{emptyText[filter][0]}</p>
        <p className="mt-1">{emptyText[filter][1]}</p>
      </div>
    );
  }
  return (
    <nav aria-label="Chat list">
      <ul>
        {items.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} />
        ))}
      </ul>
      {chats.hasNextPage ? (
        <div className="p-3 text-center">
          <Button variant="ghost" onClick={() => void chats.fetchNextPage()} disabled={chats.isFetchingNextPage}>
            {chats.isFetchingNextPage ? "Loading…" : "Load more chats"}
          </Button>
        </div>
      ) : null}
    </nav>
  );
}

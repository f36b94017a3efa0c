"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button, IconButton } from "@/components/ui/button";
import { SearchField } from "@/components/ui/search-field";
import { Spinner } from "@/components/ui/spinner";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { fullName } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { ChatListItem } from "./chat-list-item";
import { useMe } from "./me-context";
import { PeopleSearch } from "./people-search";
import { useSignOut } from "./use-sign-out";

export function ChatSidebar() {
  const me = useMe();
  const [query, setQuery] = useState("");
  const signOut = useSignOut();
  return (
    <>
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <Link href="/settings/profile" className="flex min-w-0 flex-1 items-center gap-2 rounded-lg p-1 hover:bg-slate-100 dark:hover:bg-slate-800" aria-label="Your profile">
          <Avatar name={fullName(me)} seed={me.id} size="sm" />
          <span className="truncate text-sm font-medium">{fullName(me)}</span>
        </Link>
        <ThemeToggle />
        <IconButton aria-label="Sign out" title="Sign out" onClick={signOut}>
          <LogOut className="h-5 w-5" aria-hidden="true" />
        </IconButton>
      </header>
      <div className="px-3 py-2">
        <SearchField label="Search people" value={query} onChange={setQuery} onEscape={() => setQuery("")} onClear={() => setQuery("")} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.trim() ? <PeopleSearch query={query.trim()} onOpened={() => setQuery("")} /> : <ChatList />}
      </div>
    </>
  );
}

function ChatList() {
  const trpc = useTRPC();
  const chats = useInfiniteQuery(
    trpc.chats.list.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  if (chats.isPending) {
    return (
      <div className="flex justify-center p-6">
        <Spinner label="Loading chats" />
      </div>
    );
  }
  if (chats.isError) {
    return (
      <div className="space-y-2 p-6 text-center text-sm text-slate-500" role="alert">
        <p>Could not load your chats.</p>
        <Button variant="secondary" onClick={() => void chats.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const items = chats.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <div className="p-6 text-center text-sm text-slate-500">
        <p className="font-medium text-slate-700 dark:text-slate-300">No chats yet</p>
        <p className="mt-1">Search for someone above to start your first conversation.</p>
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

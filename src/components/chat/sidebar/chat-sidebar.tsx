"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { LifeBuoy, LogOut, Music, ShieldCheck, UsersRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button, IconButton } from "@/components/ui/button";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { QueryFallback } from "@/components/ui/query-fallback";
import { fullName } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { ChatFilters, listInputFor, type ChatFilter } from "./chat-filters";
import { ChatListItem } from "./chat-list-item";
import { NewGroupDialog } from "@/components/chat/dialogs/lazy";
import { useMe } from "@/components/chat/me-context";
import { GlobalSearch } from "@/components/chat/search/global-search";
import { useOpenSupport } from "./use-open-support";
import { useSignOut } from "./use-sign-out";
import { NotificationOffer } from "@/components/chat/attention/notification-offer";

export function ChatSidebar() {
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState<ChatFilter>("all");
  const signOut = useSignOut();
  const { open: openHelp, pending: helpPending } = useOpenSupport();
  return (
    <>
      {/* The name takes what the icons leave; the icons shrink where the column is narrowest
          (md: 20 rem beside the conversation) so that a usual name is shown whole. */}
      <header className="flex items-center gap-1 border-b border-slate-200 px-2 py-2 md:gap-0 md:px-1.5 lg:gap-0.5 lg:px-2 dark:border-slate-800">
        <Link
          href="/settings/profile"
          className="flex min-w-0 flex-1 items-center gap-2 rounded-lg p-1 hover:bg-slate-100 md:gap-1.5 md:px-0.5 lg:gap-2 lg:px-1 dark:hover:bg-slate-800"
          // The visible name first (WCAG 2.5.3: a voice user says what they see), then where it goes.
          aria-label={`${fullName(me)}, your profile`}
        >
          <Avatar name={fullName(me)} seed={me.id} src={me.avatarUrl} size="sm" />
          <span className="min-w-0 truncate text-sm font-medium" title={fullName(me)}>
            {fullName(me)}
          </span>
        </Link>
        <div className="flex shrink-0 items-center md:gap-0 lg:gap-0.5">
          <IconButton className={headerIcon} aria-label="New group" title="New group" onClick={() => setCreating(true)}>
            <UsersRound className={headerGlyph} aria-hidden="true" />
          </IconButton>
          <Link href="/music" aria-label="Music" title="Music" className={headerLink}>
            <Music className={headerGlyph} aria-hidden="true" />
          </Link>
          {me.role === "admin" ? (
            <Link href="/admin" aria-label="Admin dashboard" title="Admin dashboard" className={headerLink}>
              <ShieldCheck className={headerGlyph} aria-hidden="true" />
            </Link>
          ) : null}
          <IconButton className={headerIcon} aria-label="Help" title="Help: write to support" onClick={openHelp} disabled={helpPending}>
            <LifeBuoy className={headerGlyph} aria-hidden="true" />
          </IconButton>
          <ThemeToggle className={headerIcon} iconClassName={headerGlyph} />
          <IconButton className={headerIcon} aria-label="Sign out" title="Sign out" onClick={signOut}>
            <LogOut className={headerGlyph} aria-hidden="true" />
          </IconButton>
        </div>
      </header>
      <GlobalSearch>
        <ChatFilters value={filter} onChange={setFilter} />
        <div id="chat-list-panel" role="tabpanel" className="min-h-0 flex-1 overflow-y-auto">
          <ChatList filter={filter} />
        </div>
      </GlobalSearch>
      {creating ? <NewGroupDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}

/** Header controls: full size on a phone and a wide column, compact on the narrow one. */
const headerIcon = "shrink-0 md:h-7 md:w-7 lg:h-8 lg:w-8";
const headerGlyph = "h-5 w-5 md:h-[18px] md:w-[18px]";
const headerLink = `inline-flex h-9 w-9 items-center justify-center rounded-full text-slate-600 transition-colors hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 ${headerIcon}`;

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
      <div className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
        <p className="font-medium text-slate-700 dark:text-slate-300">{emptyText[filter][0]}</p>
        <p className="mt-1">{emptyText[filter][1]}</p>
      </div>
    );
  }
  return (
    <>
      <NotificationOffer />
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
    </>
  );
}

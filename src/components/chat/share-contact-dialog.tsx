"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { fullName } from "@/lib/format";
import type { PublicUser } from "@/server/services/views";
import { useTRPC } from "@/trpc/react";

/** Finds a person by name or username; picking one hands them back to be shared. */
export function ShareContactDialog({ onPick, onClose }: { onPick: (user: PublicUser) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const q = useDeferredValue(query.trim());
  const results = useQuery(trpc.users.search.queryOptions(q ? { q, limit: 20 } : skipToken));

  return (
    <Dialog title="Share a contact" onClose={onClose}>
      <div className="sticky top-0 bg-white px-4 py-2 dark:bg-slate-900">
        <label className="relative block">
          <span className="sr-only">Search people</span>
          <Search className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
          <input
            type="search"
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            // A search box swallows the first Esc to clear itself; here Esc always closes.
            onKeyDown={(e) => e.key === "Escape" && onClose()}
            placeholder="Search people"
            className="w-full rounded-full bg-slate-100 py-2 pl-9 pr-3 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500/40 dark:bg-slate-800"
          />
        </label>
      </div>
      {/* A steady height, so the dialog does not jump while results come and go. */}
      <div className="min-h-64">
        {!q ? (
          <p className="p-6 text-center text-sm text-slate-500">Type a name or @username.</p>
        ) : results.isPending ? (
          <div className="flex justify-center p-6">
            <Spinner label="Searching" />
          </div>
        ) : results.isError ? (
          <div role="alert" className="flex flex-col items-center gap-2 p-6 text-center text-sm text-red-600 dark:text-red-400">
            <p>Could not search people.</p>
            <Button variant="secondary" onClick={() => void results.refetch()}>
              Try again
            </Button>
          </div>
        ) : results.data.items.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">No one found</p>
        ) : (
          <ul aria-label="People" className="pb-2">
            {results.data.items.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  onClick={() => onPick(user)}
                  className="flex w-full items-center gap-3 px-4 py-2 text-left hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800"
                >
                  <Avatar name={fullName(user)} seed={user.id} size="sm" online={user.online} />
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{fullName(user)}</span>
                    <span className="block truncate text-sm text-slate-500">@{user.username}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}

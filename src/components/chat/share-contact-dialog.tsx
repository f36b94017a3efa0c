"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SearchField } from "@/components/ui/search-field";
import { Spinner } from "@/components/ui/spinner";
import type { PublicUser } from "@/server/services/views";
import { useTRPC } from "@/trpc/react";
import { PersonSummary } from "./person-summary";

/** Finds a person by name or username; picking one hands them back to be shared. */
export function ShareContactDialog({ onPick, onClose }: { onPick: (user: PublicUser) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const q = useDeferredValue(query.trim());
  const results = useQuery(trpc.users.search.queryOptions(q ? { q, limit: 20 } : skipToken));

  return (
    <Dialog title="Share a contact" onClose={onClose}>
      <div className="sticky top-0 bg-white px-4 py-2 dark:bg-slate-900">
        <SearchField label="Search people" value={query} onChange={setQuery} onEscape={onClose} autoFocus />
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
                  <PersonSummary user={user} size="sm" />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}

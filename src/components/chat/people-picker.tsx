"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { SearchField } from "@/components/ui/search-field";
import { Spinner } from "@/components/ui/spinner";
import { fullName } from "@/lib/format";
import type { PublicUser } from "@/server/services/views";
import { useTRPC } from "@/trpc/react";
import { PersonSummary } from "./person-summary";

/**
 * Chooses several people: a search box, results that toggle a person in or out, and the
 * chosen ones as removable chips. `excludeIds` (me, current members) never show as results.
 */
export function PeoplePicker({
  chosen,
  onChange,
  excludeIds,
  onEscape,
  autoFocus = false,
}: {
  chosen: PublicUser[];
  onChange: (people: PublicUser[]) => void;
  excludeIds: string[];
  onEscape: () => void;
  autoFocus?: boolean;
}) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const q = useDeferredValue(query.trim());
  const results = useQuery(trpc.users.search.queryOptions(q ? { q, limit: 20 } : skipToken));
  const isChosen = (id: string) => chosen.some((p) => p.id === id);
  const toggle = (user: PublicUser) =>
    onChange(isChosen(user.id) ? chosen.filter((p) => p.id !== user.id) : [...chosen, user]);
  const found = results.data?.items.filter((u) => !excludeIds.includes(u.id)) ?? [];

  return (
    <>
      {chosen.length ? (
        <ul aria-label="Chosen people" className="flex flex-wrap gap-1.5 px-4 pt-2">
          {chosen.map((user) => (
            <li key={user.id}>
              <button
                type="button"
                onClick={() => toggle(user)}
                aria-label={`Remove ${fullName(user)}`}
                className="flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-2 text-sm text-brand-700 hover:bg-brand-100 dark:bg-brand-700/30 dark:text-brand-100 dark:hover:bg-brand-700/50"
              >
                {fullName(user)}
                <X className="h-3.5 w-3.5" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="sticky top-0 z-10 bg-white px-4 py-2 dark:bg-slate-900">
        <SearchField label="Search people" value={query} onChange={setQuery} onEscape={onEscape} onClear={() => setQuery("")} autoFocus={autoFocus} />
      </div>
      {/* A steady height, so the dialog does not jump while results come and go. */}
      <div className="min-h-56">
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
        ) : found.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">No one found</p>
        ) : (
          <ul aria-label="People" className="pb-2">
            {found.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  aria-pressed={isChosen(user.id)}
                  onClick={() => toggle(user)}
                  className="flex w-full items-center gap-3 px-4 py-2 text-left hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800"
                >
                  <PersonSummary user={user} size="sm" />
                  {isChosen(user.id) ? <Check className="ml-auto h-5 w-5 shrink-0 text-brand-600" aria-hidden="true" /> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

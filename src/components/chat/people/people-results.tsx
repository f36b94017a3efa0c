"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useDeferredValue } from "react";
import { QueryFallback } from "@/components/ui/query-fallback";
import type { PublicUser } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { PersonSummary } from "./person-summary";

/**
 * The people matching a search box's text, as buttons that hand a person back, with the
 * hint, loading, error and no-match states. With `isChosen`, each is a toggle (pressed, ✓).
 */
export function PeopleResults({
  query,
  onPick,
  excludeIds = [],
  isChosen,
}: {
  query: string;
  onPick: (user: PublicUser) => void;
  excludeIds?: string[];
  isChosen?: (userId: string) => boolean;
}) {
  const trpc = useTRPC();
  const q = useDeferredValue(query.trim());
  const results = useQuery(trpc.users.search.queryOptions(q ? { q, limit: 20 } : skipToken));
  const found = results.data?.items.filter((u) => !excludeIds.includes(u.id)) ?? [];

  return (
    // A steady height, so a dialog does not jump while results come and go.
    <div className="min-h-56">
      {!q ? (
        <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">Type a name or @username.</p>
      ) : results.isPending || results.isError ? (
        <QueryFallback query={results} loading="Searching" failed="Could not search people." tone="error" />
      ) : found.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">No one found</p>
      ) : (
        <ul aria-label="People" className="pb-2">
          {found.map((user) => {
            const chosen = isChosen?.(user.id);
            return (
              <li key={user.id}>
                <button
                  type="button"
                  aria-pressed={chosen}
                  onClick={() => onPick(user)}
                  className="flex w-full items-center gap-3 px-4 py-2 text-left hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800"
                >
                  <PersonSummary user={user} size="sm" />
                  {chosen ? <Check className="ml-auto h-5 w-5 shrink-0 text-brand-600 dark:text-brand-400" aria-hidden="true" /> : null}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

"use client";
import { X } from "lucide-react";
import { useState } from "react";
import { SearchField } from "@/components/ui/search-field";
import { fullName } from "@/lib/format";
import type { PublicUser } from "@/lib/api-types";
import { PeopleResults } from "./people-results";

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
  const [query, setQuery] = useState("");
  const isChosen = (id: string) => chosen.some((p) => p.id === id);
  const toggle = (user: PublicUser) =>
    onChange(isChosen(user.id) ? chosen.filter((p) => p.id !== user.id) : [...chosen, user]);

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
      <PeopleResults query={query} onPick={toggle} excludeIds={excludeIds} isChosen={isChosen} />
    </>
  );
}

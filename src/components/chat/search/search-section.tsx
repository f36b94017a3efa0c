"use client";
import { useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { SectionState } from "./use-global-results";

/**
 * A titled group of results ("Chats", "People", "Messages") with its own loading, failure and
 * no-match states, so one slow or failing search does not hold up the others.
 */
export function SearchSection<T>({
  title,
  q,
  state,
  listId,
  failed,
  renderItem,
  footer,
}: {
  title: string;
  q: string;
  state: SectionState<T>;
  /** The id of the section's listbox (the search box controls it). */
  listId: string;
  /** What to say when the search failed, e.g. "Could not search messages." */
  failed: string;
  renderItem: (item: T) => ReactNode;
  footer?: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="pb-1">
      <h2 id={headingId} className="flex items-center gap-2 px-3 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {title}
        {state.status === "ready" && state.refreshing ? <Spinner label={`Updating ${title.toLowerCase()}`} /> : null}
      </h2>
      {state.status === "loading" ? (
        <div className="flex px-3 py-2">
          <Spinner label={`Searching ${title.toLowerCase()}`} />
        </div>
      ) : state.status === "error" ? (
        <div role="alert" className="flex items-center justify-between gap-2 px-3 py-1 text-sm text-red-600 dark:text-red-400">
          <span>{failed}</span>
          <Button variant="secondary" onClick={state.retry}>
            Try again
          </Button>
        </div>
      ) : state.items.length === 0 ? (
        <p className="px-3 py-1 text-sm text-slate-500 dark:text-slate-400">No results for “{q}”</p>
      ) : (
        <>
          <ul role="listbox" id={listId} aria-labelledby={headingId}>
            {state.items.map(renderItem)}
          </ul>
          {footer}
        </>
      )}
    </section>
  );
}

"use client";
// Loading, error, empty and "load more" for the dashboard's lists, said the same way everywhere.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

type ListQuery = {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
};

export function QueryState({
  query,
  isEmpty,
  empty,
  what,
  children,
}: {
  query: ListQuery;
  isEmpty: boolean;
  empty: string;
  /** "users", "messages": for the loading and error sentences. */
  what: string;
  children: ReactNode;
}) {
  if (query.isPending) {
    return (
      <div className="flex justify-center p-8">
        <Spinner label={`Loading ${what}`} />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="m-4 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
        <p>
          Could not load the {what}: {query.error?.message ?? "the server did not answer"}.
        </p>
        <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (isEmpty) return <p className="p-8 text-center text-sm text-slate-500 dark:text-slate-400">{empty}</p>;
  return (
    <>
      {children}
      {query.hasNextPage ? (
        <div className="flex justify-center p-4">
          <Button variant="secondary" onClick={() => void query.fetchNextPage?.()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : `Load more ${what}`}
          </Button>
        </div>
      ) : null}
    </>
  );
}

"use client";
import { Button } from "./button";
import { Spinner } from "./spinner";

/**
 * What a list or panel shows instead of its data: a spinner while the query loads, or what
 * failed and a "Try again" that refetches. `tone` "error" colours the failure red (in dialogs).
 */
export function QueryFallback({
  query,
  loading,
  failed,
  tone = "muted",
}: {
  query: { isPending: boolean; refetch: () => unknown };
  /** The spinner's label, e.g. "Loading chats". */
  loading: string;
  /** The sentence shown on failure, e.g. "Could not load your chats." */
  failed: string;
  tone?: "muted" | "error";
}) {
  if (query.isPending) {
    return (
      <div className="flex justify-center p-6">
        <Spinner label={loading} />
      </div>
    );
  }
  return (
    <div
      role="alert"
      className={`flex flex-col items-center gap-2 p-6 text-center text-sm ${tone === "error" ? "text-red-600 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}
    >
      <p>{failed}</p>
      <Button variant="secondary" onClick={() => void query.refetch()}>
        Try again
      </Button>
    </div>
  );
}

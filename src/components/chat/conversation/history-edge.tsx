"use client";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** The top of the history: loads older pages when scrolled into view. */
export function HistoryEdge(props: {
  loading: boolean;
  error: boolean;
  hasMore: boolean;
  empty: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { hasMore, loading, onLoadMore } = props;
  useEffect(() => {
    const node = ref.current;
    if (!node || !hasMore || loading) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onLoadMore(), {
      rootMargin: "200px",
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loading, onLoadMore]);

  return (
    <div ref={ref} className="flex min-h-8 justify-center py-2">
      {props.loading ? <Spinner label="Loading messages" /> : null}
      {props.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not load messages.{" "}
          <Button variant="ghost" onClick={props.onRetry}>
            Try again
          </Button>
        </p>
      ) : null}
      {props.empty ? <p className="py-10 text-sm text-slate-500 dark:text-slate-400">No messages yet. Say hello!</p> : null}
    </div>
  );
}

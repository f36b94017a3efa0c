"use client";
import { useState } from "react";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

/** How long a search box waits for typing to pause before it asks the server. */
const SETTLE_MS = 250;

/**
 * A search box's text as typed (`query`, and `typed` trimmed) and as searched for (`q`): once
 * typing has paused, and empty at once when the box is cleared.
 */
export function useSearchText() {
  const [query, setQuery] = useState("");
  const typed = query.trim();
  const settled = useDebouncedValue(typed, SETTLE_MS);
  return { query, setQuery, typed, q: typed ? settled : "" };
}

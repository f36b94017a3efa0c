"use client";
import { ChevronDown, ChevronUp, X } from "lucide-react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { IconButton } from "@/components/ui/button";
import { SearchField } from "@/components/ui/search-field";
import { Spinner } from "@/components/ui/spinner";
import { useOpenAtMessage } from "./open-at-message";
import { matchPosition } from "@/components/chat/search/result-steps";
import { useMessageSearch } from "@/components/chat/search/use-message-search";
import { useSearchText } from "@/components/chat/search/use-search-text";


/**
 * Search within one chat: the newest match opens as soon as the text settles, ↑ / Enter step to
 * older matches, ↓ / Shift+Enter to newer ones, Esc closes. Each step opens the chat at the
 * match in place of the last (replace, not push). The box keeps the focus throughout.
 */
export function ChatSearchBar({ chatId, focusRequest, onClose }: { chatId: string; focusRequest: number; onClose: () => void }) {
  const openMessage = useOpenAtMessage();
  const input = useRef<HTMLInputElement>(null);
  const { query, setQuery, q } = useSearchText();
  const search = useMessageSearch(q, { chatId });
  const hits = search.data?.pages.flatMap((page) => page.items) ?? [];
  // Which match is shown, for the text it was found for; new text starts at the newest.
  const [position, setPosition] = useState<{ q: string; index: number } | null>(null);
  const index = position?.q === q ? position.index : 0;
  const current = search.isPlaceholderData ? undefined : hits[index];
  const currentId = current?.message.id;

  // Ctrl+F again (or the header's button) brings the focus back to the box.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  // The chat opening at the match may focus the message it highlights; while stepping, the
  // focus comes back here so the next Enter steps on. A press anywhere ends that.
  const stepping = useRef(false);
  useEffect(() => {
    const release = () => (stepping.current = false);
    window.addEventListener("pointerdown", release, true);
    return () => window.removeEventListener("pointerdown", release, true);
  }, []);

  useEffect(() => {
    if (!currentId) return;
    stepping.current = true;
    openMessage(chatId, currentId, "replace");
  }, [chatId, currentId, openMessage]);

  const hasOlder = index < hits.length - 1 || search.hasNextPage;
  const hasNewer = index > 0;

  async function older() {
    if (!hasOlder || search.isFetchingNextPage) return;
    if (index === hits.length - 1) {
      const result = await search.fetchNextPage();
      if (result.isError) return;
    }
    setPosition({ q, index: index + 1 });
  }
  function newer() {
    if (hasNewer) setPosition({ q, index: index - 1 });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const step = e.key === "Enter" ? (e.shiftKey ? newer : older) : e.key === "ArrowUp" ? older : e.key === "ArrowDown" ? newer : null;
    if (!step) return;
    e.preventDefault();
    void step();
  }

  return (
    <div
      role="search"
      aria-label="Search in this chat"
      data-testid="chat-search"
      className="flex items-center gap-1 border-b border-slate-200 bg-white px-3 py-1.5 dark:border-slate-800 dark:bg-slate-950"
      onBlur={(e) => {
        const to = e.relatedTarget;
        if (stepping.current && e.target === input.current && to instanceof HTMLElement && to.closest("[data-message-id]")) {
          input.current?.focus({ preventScroll: true });
        }
      }}
    >
      <div className="min-w-0 flex-1">
        <SearchField label="Search in chat" value={query} onChange={setQuery} onEscape={onClose} onKeyDown={onKeyDown} inputRef={input} />
      </div>
      <span role="status" aria-live="polite" data-testid="chat-search-status" className="min-w-16 shrink-0 px-1 text-center text-sm tabular-nums text-slate-500 dark:text-slate-400">
        {!q ? null : search.isPending || search.isPlaceholderData ? (
          <Spinner label="Searching" />
        ) : search.isError ? (
          <span className="text-red-600 dark:text-red-400">Failed</span>
        ) : hits.length === 0 ? (
          "No results"
        ) : (
          matchPosition(index, hits.length, search.data?.pages[0]?.total ?? null, search.hasNextPage)
        )}
      </span>
      {search.isError && !search.isPlaceholderData ? (
        <button type="button" onClick={() => void search.refetch()} className="shrink-0 rounded px-2 py-1 text-sm text-brand-600 dark:text-brand-400 hover:underline">
          Try again
        </button>
      ) : null}
      <IconButton aria-label="Older match" title="Older match (Enter)" onClick={() => void older()} disabled={!current || !hasOlder} className="disabled:opacity-40">
        <ChevronUp className="h-5 w-5" aria-hidden="true" />
      </IconButton>
      <IconButton aria-label="Newer match" title="Newer match (Shift+Enter)" onClick={newer} disabled={!current || !hasNewer} className="disabled:opacity-40">
        <ChevronDown className="h-5 w-5" aria-hidden="true" />
      </IconButton>
      <IconButton aria-label="Close search" title="Close (Esc)" onClick={onClose}>
        <X className="h-5 w-5" aria-hidden="true" />
      </IconButton>
    </div>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { Pin, X } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageSnippet } from "@/lib/message-snippet";

/** The chat's pins under the header, newest first: a click shows one and moves to the next. */
export function PinnedBanner({
  chatId,
  canUnpin,
  onReveal,
  onUnpin,
}: {
  chatId: string;
  canUnpin: boolean;
  onReveal: (messageId: string) => void;
  onUnpin: (messageId: string) => void;
}) {
  const trpc = useTRPC();
  const pins = useQuery(trpc.messages.pinned.queryOptions({ chatId }));
  const [index, setIndex] = useState(0);
  const list = pins.data ?? [];
  if (list.length === 0) return null;
  const at = index % list.length;
  const pin = list[at]!;
  return (
    <div
      data-testid="pinned-banner"
      className="flex items-center gap-1 border-b border-slate-200 bg-white/95 pl-3 pr-1 dark:border-slate-800 dark:bg-slate-950/95"
    >
      <button
        type="button"
        onClick={() => {
          onReveal(pin.id);
          setIndex(at + 1);
        }}
        aria-label={`Pinned message${list.length > 1 ? ` ${at + 1} of ${list.length}` : ""}: ${messageSnippet(pin)}. Show it`}
        className="flex min-w-0 flex-1 items-center gap-2.5 py-1.5 text-left"
      >
        <span className="flex h-9 w-0.5 shrink-0 flex-col gap-0.5" aria-hidden="true">
          {list.slice(0, 4).map((p, i) => (
            <span key={p.id} className={`flex-1 rounded-full ${i === Math.min(at, 3) ? "bg-brand-500" : "bg-brand-500/30"}`} />
          ))}
        </span>
        <span className="min-w-0 flex-1 text-sm leading-tight">
          <span className="block font-semibold text-brand-600 dark:text-brand-400">
            Pinned message{list.length > 1 ? <span className="font-normal text-slate-500 dark:text-slate-400"> · {at + 1} of {list.length}</span> : null}
          </span>
          <span className={`block truncate text-slate-600 dark:text-slate-300 ${pin.deletedAt ? "italic" : ""}`}>{messageSnippet(pin)}</span>
        </span>
        <Pin className="h-4 w-4 shrink-0 text-slate-400" aria-hidden="true" />
      </button>
      {canUnpin ? (
        <button
          type="button"
          onClick={() => onUnpin(pin.id)}
          aria-label="Unpin message"
          title="Unpin"
          className="rounded-full p-2 text-slate-500 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          <X className="h-4 w-4" aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

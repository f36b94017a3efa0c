"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { AudioPlayer } from "@/components/media/audio-player";
import { Lightbox } from "@/components/media/lightbox";
import { PlainImage } from "@/components/media/plain-image";
import { trackInfo } from "@/components/media/track";
import { Button } from "@/components/ui/button";
import { QueryFallback } from "@/components/ui/query-fallback";
import type { FileView } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { FileCard } from "@/components/chat/messages/message-attachments";

type Tab = "media" | "audio" | "docs";
const tabs: { id: Tab; label: string; empty: string }[] = [
  { id: "media", label: "Media", empty: "No photos or videos yet" },
  { id: "audio", label: "Audio", empty: "No audio files yet" },
  { id: "docs", label: "Docs", empty: "No documents yet" },
];

/** The files shared in a chat, newest first, in three tabs; arrow keys move between the tabs. */
export function ChatGallery({ chatId }: { chatId: string }) {
  const [tab, setTab] = useState<Tab>("media");
  const id = useId();
  const list = useRef<HTMLDivElement>(null);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const at = tabs.findIndex((t) => t.id === tab);
    const to = e.key === "ArrowRight" ? at + 1 : e.key === "ArrowLeft" ? at - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    setTab(next.id);
    list.current?.querySelector<HTMLButtonElement>(`[data-tab="${next.id}"]`)?.focus();
  }

  return (
    <section aria-label="Shared files" data-testid="chat-gallery" className="border-t border-slate-200 dark:border-slate-800">
      <div ref={list} role="tablist" aria-label="Shared files" onKeyDown={onKeyDown} className="flex px-2 pt-2">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            data-tab={t.id}
            id={`${id}-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={`flex-1 border-b-2 px-2 py-2 text-sm font-medium transition-colors ${
              tab === t.id
                ? "border-brand-600 text-brand-600 dark:border-brand-500 dark:text-brand-100"
                : "border-transparent text-slate-500 dark:text-slate-400 hover:text-slate-800 dark:hover:text-slate-200"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`} className="min-h-40 p-2">
        <GalleryTab key={tab} chatId={chatId} tab={tabs.find((t) => t.id === tab)!} />
      </div>
    </section>
  );
}

function GalleryTab({ chatId, tab }: { chatId: string; tab: (typeof tabs)[number] }) {
  const trpc = useTRPC();
  const files = useInfiniteQuery(
    trpc.chats.files.infiniteQueryOptions({ chatId, kind: tab.id, limit: 30 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  if (files.isPending || files.isError) {
    return <QueryFallback query={files} loading="Loading files" failed="Could not load the files." />;
  }
  const items = files.data.pages.flatMap((page) => page.items.map((item) => item.file));
  if (items.length === 0) return <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">{tab.empty}</p>;
  return (
    <>
      {tab.id === "media" ? <MediaGrid files={items} /> : null}
      {tab.id === "audio" ? (
        <ul className="space-y-1 px-2">
          {items.map((file) => (
            <li key={file.id}>
              <AudioPlayer src={file.url} label={trackInfo(file).title} knownDuration={file.durationSec} tags={trackInfo(file)} />
            </li>
          ))}
        </ul>
      ) : null}
      {tab.id === "docs" ? (
        <ul className="px-2">
          {items.map((file) => (
            <li key={file.id}>
              <FileCard file={file} mine={false} />
            </li>
          ))}
        </ul>
      ) : null}
      {files.hasNextPage ? (
        <div className="p-2 text-center">
          <Button variant="ghost" onClick={() => void files.fetchNextPage()} disabled={files.isFetchingNextPage}>
            {files.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** Photos and videos as square tiles; a photo opens in the lightbox, a video plays in a new tab. */
function MediaGrid({ files }: { files: FileView[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const images = files.filter((f) => f.kind === "image");
  const tile = "relative block aspect-square overflow-hidden rounded-md bg-slate-200 dark:bg-slate-800";
  return (
    <>
      <ul className="grid grid-cols-3 gap-1">
        {files.map((file) => (
          <li key={file.id}>
            {file.kind === "image" ? (
              <button type="button" className={`${tile} w-full`} aria-label={`Open image ${file.name}`} onClick={() => setOpen(images.indexOf(file))}>
                <PlainImage src={file.thumbnailUrl ?? file.url} alt={file.name} loading="lazy" className="h-full w-full object-cover" />
              </button>
            ) : (
              <a href={file.url} target="_blank" rel="noreferrer" className={tile} aria-label={`Play video ${file.name}`}>
                <video src={file.url} preload="metadata" muted className="h-full w-full object-cover" />
                <span className="absolute inset-0 flex items-center justify-center">
                  <span className="rounded-full bg-slate-950/60 p-2 text-white">
                    <Play className="h-4 w-4" fill="currentColor" aria-hidden="true" />
                  </span>
                </span>
              </a>
            )}
          </li>
        ))}
      </ul>
      <Lightbox images={images} index={open} onIndex={setOpen} />
    </>
  );
}

"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Music } from "lucide-react";
import { useState } from "react";
import { PaneHeader } from "@/components/ui/pane-header";
import { Button } from "@/components/ui/button";
import { QueryFallback } from "@/components/ui/query-fallback";
import type { FileView } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { CoverArt } from "./cover-art";
import { formatDuration } from "@/lib/format";
import { PlayerBar } from "./player-bar";
import { trackInfo } from "./track";
import { useMediaElement } from "./use-media-element";

/**
 * Every audio file I may see (mine, and what was sent in my chats), newest first, with its
 * tags; a press plays one, and the player along the bottom goes on to the next.
 */
export function MusicLibrary() {
  const trpc = useTRPC();
  const music = useInfiniteQuery(
    trpc.music.all.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const tracks = music.data?.pages.flatMap((page) => page.items) ?? [];
  const [currentId, setCurrentId] = useState<string | null>(null);
  const index = tracks.findIndex((t) => t.id === currentId);
  const current = index >= 0 ? tracks[index]! : null;
  const [mediaRef, media] = useMediaElement(current?.durationSec ?? null);

  const playAt = (i: number) => setCurrentId(tracks[i]?.id ?? null);
  const previous = index > 0 ? () => playAt(index - 1) : null;
  const next = index >= 0 && index < tracks.length - 1 ? () => playAt(index + 1) : null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PaneHeader backOnPhoneOnly>
        <h1 className="font-semibold">Music</h1>
      </PaneHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {music.isPending || music.isError ? (
          <QueryFallback query={music} loading="Loading music" failed="Could not load your music." />
        ) : tracks.length === 0 ? (
          <div className="flex flex-col items-center gap-3 p-10 text-center">
            <Music className="h-12 w-12 text-slate-300 dark:text-slate-700" aria-hidden="true" />
            <p className="font-medium text-slate-700 dark:text-slate-300">No music yet</p>
            <p className="max-w-xs text-sm text-slate-500 dark:text-slate-400">Audio files you send or receive in your chats show up here.</p>
          </div>
        ) : (
          <>
            <ol aria-label="Tracks" className="mx-auto max-w-3xl py-2">
              {tracks.map((track, i) => (
                <TrackRow
                  key={track.id}
                  track={track}
                  current={i === index}
                  playing={i === index && media.playing}
                  onPlay={() => (i === index ? media.toggle() : playAt(i))}
                />
              ))}
            </ol>
            {music.hasNextPage ? (
              <div className="p-3 text-center">
                <Button variant="ghost" onClick={() => void music.fetchNextPage()} disabled={music.isFetchingNextPage}>
                  {music.isFetchingNextPage ? "Loading…" : "Load more"}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
      {current ? (
        <>
          {/* A new track starts by itself; the end of one moves on to the next. */}
          <audio ref={mediaRef} src={current.url} autoPlay preload="metadata" onEnded={() => next?.()} />
          <PlayerBar track={current} media={media} onPrevious={previous} onNext={next} />
        </>
      ) : null}
    </div>
  );
}

function TrackRow({ track, current, playing, onPlay }: { track: FileView; current: boolean; playing: boolean; onPlay: () => void }) {
  const info = trackInfo(track);
  return (
    <li data-testid="track" aria-current={current ? "true" : undefined}>
      <button
        type="button"
        onClick={onPlay}
        aria-label={`${playing ? "Pause" : "Play"} ${info.title}${info.artist ? ` by ${info.artist}` : ""}`}
        className={`flex w-full items-center gap-3 px-4 py-2 text-left transition-colors hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800 ${
          current ? "bg-brand-50 dark:bg-brand-700/20" : ""
        }`}
      >
        <CoverArt src={info.coverUrl} />
        <span className="min-w-0 flex-1">
          <span className={`block truncate font-medium ${current ? "text-brand-600 dark:text-brand-100" : ""}`}>{info.title}</span>
          <span className="block truncate text-sm text-slate-600 dark:text-slate-400">
            {[info.artist ?? "Unknown artist", info.album].filter(Boolean).join(" · ")}
          </span>
        </span>
        {playing ? <EqualizerBars /> : null}
        <span className="shrink-0 text-sm tabular-nums text-slate-600 dark:text-slate-400">{track.durationSec !== null ? formatDuration(track.durationSec) : ""}</span>
      </button>
    </li>
  );
}

/** Three bouncing bars: this one is playing. */
function EqualizerBars() {
  return (
    <span className="flex h-4 items-end gap-0.5" aria-hidden="true">
      {[0, 150, 300].map((delay) => (
        <span key={delay} className="w-1 animate-pulse rounded-sm bg-brand-500" style={{ height: `${60 + delay / 10}%`, animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}

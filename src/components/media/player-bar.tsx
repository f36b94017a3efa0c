"use client";
import { SkipBack, SkipForward } from "lucide-react";
import type { FileView } from "@/lib/api-types";
import { CoverArt } from "./cover-art";
import { formatDuration } from "@/lib/format";
import { PlayButton } from "./play-button";
import { SeekBar } from "./seek-bar";
import { trackInfo } from "./track";
import { useMediaElement } from "./use-media-element";

type Media = ReturnType<typeof useMediaElement>[1];

/**
 * The music page's player, along the bottom: the track, previous / play-pause / next, and a
 * seek bar with the time. The <audio> itself belongs to the page, so its list can play too.
 */
export function PlayerBar({
  track,
  media,
  onPrevious,
  onNext,
}: {
  track: FileView;
  media: Media;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}) {
  const info = trackInfo(track);
  const control =
    "inline-flex h-10 w-10 items-center justify-center rounded-full text-slate-600 transition-colors hover:bg-slate-100 disabled:opacity-40 dark:text-slate-300 dark:hover:bg-slate-800";
  return (
    <section
      aria-label="Player"
      data-testid="player-bar"
      className="border-t border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-950"
    >
      <div className="mx-auto flex max-w-3xl items-center gap-3">
        <CoverArt src={info.coverUrl} size="sm" />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" data-testid="now-playing">
            {info.title}
          </p>
          <p className="truncate text-xs text-slate-500 dark:text-slate-400">{info.artist ?? "Unknown artist"}</p>
        </div>
        <button type="button" className={control} aria-label="Previous track" disabled={!onPrevious} onClick={() => onPrevious?.()}>
          <SkipBack className="h-5 w-5" fill="currentColor" aria-hidden="true" />
        </button>
        <PlayButton playing={media.playing} onToggle={media.toggle} label={info.title} />
        <button type="button" className={control} aria-label="Next track" disabled={!onNext} onClick={() => onNext?.()}>
          <SkipForward className="h-5 w-5" fill="currentColor" aria-hidden="true" />
        </button>
      </div>
      <div className="mx-auto flex max-w-3xl items-center gap-2 pt-1 text-xs tabular-nums text-slate-500 dark:text-slate-400">
        <span className="w-10 text-right">{formatDuration(media.currentTime)}</span>
        <SeekBar currentTime={media.currentTime} duration={media.duration} onSeek={media.seek} label={`Seek ${info.title}`} />
        <span className="w-10">{formatDuration(media.duration)}</span>
      </div>
    </section>
  );
}

"use client";
import { Music } from "lucide-react";
import { formatDuration } from "@/lib/format";
import { PlainImage } from "./plain-image";
import { PlayButton } from "./play-button";
import { SeekBar } from "./seek-bar";
import { useMediaElement } from "./use-media-element";

/**
 * An inline player for a voice note or an audio file: play / pause, a seek bar and the time;
 * a tagged file shows its cover, title and artist.
 */
export function AudioPlayer({
  src,
  label,
  knownDuration = null,
  tags = null,
  tone = "plain",
}: {
  src: string;
  /** What is played, for the buttons' names ("Voice message", "Blue Sky"). */
  label: string;
  knownDuration?: number | null;
  tags?: { title: string; artist: string | null; coverUrl: string | null } | null;
  tone?: "plain" | "inverse";
}) {
  const [mediaRef, media] = useMediaElement(knownDuration);
  const muted = tone === "inverse" ? "text-white/90" : "text-slate-500 dark:text-slate-400";
  return (
    <div data-testid="audio-player" className="flex w-64 max-w-full items-center gap-3 py-1">
      <audio ref={mediaRef} src={src} preload="metadata" />
      {tags?.coverUrl ? (
        <span className="relative shrink-0">
          <PlainImage src={tags.coverUrl} alt="" className="h-12 w-12 rounded-lg object-cover" />
          <span className="absolute inset-0 flex items-center justify-center">
            <PlayButton playing={media.playing} onToggle={media.toggle} label={label} tone={tone} />
          </span>
        </span>
      ) : (
        <PlayButton playing={media.playing} onToggle={media.toggle} label={label} tone={tone} />
      )}
      <div className="min-w-0 flex-1">
        {tags ? (
          <p className="flex min-w-0 items-center gap-1 text-sm leading-tight" title={tags.artist ? `${tags.title} · ${tags.artist}` : tags.title}>
            {tags.coverUrl ? null : <Music className={`h-3.5 w-3.5 shrink-0 ${muted}`} aria-hidden="true" />}
            <span className="min-w-0 truncate">
              <span className="font-medium">{tags.title}</span>
              {tags.artist ? <span className={muted}> · {tags.artist}</span> : null}
            </span>
          </p>
        ) : null}
        <div className="flex h-5 items-center">
          <SeekBar currentTime={media.currentTime} duration={media.duration} onSeek={media.seek} label={`Seek ${label}`} tone={tone} />
        </div>
        <p className={`text-xs tabular-nums ${muted}`}>
          {media.playing || media.currentTime > 0
            ? `${formatDuration(media.currentTime)} / ${formatDuration(media.duration)}`
            : formatDuration(media.duration)}
        </p>
      </div>
    </div>
  );
}

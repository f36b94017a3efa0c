"use client";
import { formatDuration } from "@/lib/format";

/**
 * Where playback is, as a slider: drag or click to seek, arrow keys step five seconds. The
 * played part is filled in the accent colour.
 */
export function SeekBar({
  currentTime,
  duration,
  onSeek,
  label = "Seek",
  tone = "plain",
}: {
  currentTime: number;
  duration: number;
  onSeek: (seconds: number) => void;
  label?: string;
  /** "inverse" on a coloured background (my own bubbles). */
  tone?: "plain" | "inverse";
}) {
  const max = duration > 0 ? duration : 1;
  const percent = Math.min(100, (currentTime / max) * 100);
  const filled = tone === "inverse" ? "rgb(255 255 255)" : "var(--color-brand-500)";
  const rest = tone === "inverse" ? "rgb(255 255 255 / 0.35)" : "rgb(148 163 184 / 0.45)";
  return (
    <input
      type="range"
      aria-label={label}
      aria-valuetext={`${formatDuration(currentTime)} of ${formatDuration(duration)}`}
      min={0}
      max={max}
      step={0.1}
      value={Math.min(currentTime, max)}
      disabled={duration <= 0}
      onChange={(e) => onSeek(Number(e.target.value))}
      onKeyDown={(e) => {
        // Five-second steps from the keyboard, not the slider's tenth of a second.
        if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
        e.preventDefault();
        e.stopPropagation();
        onSeek(Math.max(0, Math.min(max, currentTime + (e.key === "ArrowRight" ? 5 : -5))));
      }}
      style={{ background: `linear-gradient(to right, ${filled} ${percent}%, ${rest} ${percent}%)` }}
      className={`h-1.5 w-full min-w-0 cursor-pointer appearance-none rounded-full disabled:cursor-default [&::-webkit-slider-thumb]:h-3.5 [&::-webkit-slider-thumb]:w-3.5 [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-full [&::-moz-range-thumb]:h-3.5 [&::-moz-range-thumb]:w-3.5 [&::-moz-range-thumb]:rounded-full [&::-moz-range-thumb]:border-0 ${
        tone === "inverse"
          ? "[&::-webkit-slider-thumb]:bg-white [&::-moz-range-thumb]:bg-white"
          : "[&::-webkit-slider-thumb]:bg-brand-600 [&::-moz-range-thumb]:bg-brand-600"
      }`}
    />
  );
}

"use client";
import { Pause, Play } from "lucide-react";

/** The round play / pause toggle of every player; its name says what a press does. */
export function PlayButton({
  playing,
  onToggle,
  label,
  tone = "plain",
  size = "md",
}: {
  playing: boolean;
  onToggle: () => void;
  /** What is played, for the accessible name: "Play Voice message", "Pause Blue Sky". */
  label: string;
  tone?: "plain" | "inverse";
  size?: "md" | "lg";
}) {
  const Icon = playing ? Pause : Play;
  const dims = size === "lg" ? "h-12 w-12" : "h-10 w-10";
  return (
    <button
      type="button"
      data-testid="play-button"
      data-playing={playing}
      aria-label={`${playing ? "Pause" : "Play"} ${label}`}
      onClick={onToggle}
      className={`inline-flex shrink-0 items-center justify-center rounded-full transition-colors ${dims} ${
        tone === "inverse" ? "bg-white text-brand-600 hover:bg-white/90" : "bg-brand-600 text-white hover:bg-brand-700"
      }`}
    >
      <Icon className={`h-5 w-5 ${playing ? "" : "translate-x-px"}`} fill="currentColor" aria-hidden="true" />
    </button>
  );
}

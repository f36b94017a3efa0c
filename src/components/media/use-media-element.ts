"use client";
import { useCallback, useEffect, useRef, useState } from "react";

/** Whichever audio or video is playing now: starting another pauses it, as in any player. */
let playing: HTMLMediaElement | null = null;

export type MediaState = { playing: boolean; currentTime: number; duration: number };

/**
 * Follows an <audio> or <video> element (give it the returned ref): its playing state, time and length. `knownDuration`
 * (the length stored with the message or file) is the length it reports when given.
 */
export function useMediaElement(knownDuration: number | null = null) {
  const [element, setElement] = useState<HTMLMediaElement | null>(null);
  // Commands go through a ref: the element itself is the browser's, not React state.
  const current = useRef<HTMLMediaElement | null>(null);
  const ref = useCallback((node: HTMLMediaElement | null) => {
    current.current = node;
    setElement(node);
  }, []);
  const [state, setState] = useState<MediaState>({ playing: false, currentTime: 0, duration: 0 });
  useEffect(() => {
    if (!element) return;
    const read = () =>
      setState({
        playing: !element.paused && !element.ended,
        currentTime: element.currentTime,
        duration: Number.isFinite(element.duration) ? element.duration : 0,
      });
    const onPlay = () => {
      if (playing && playing !== element) playing.pause();
      playing = element;
      read();
    };
    const events = ["pause", "ended", "timeupdate", "durationchange", "loadedmetadata", "seeked", "emptied"] as const;
    element.addEventListener("play", onPlay);
    for (const name of events) element.addEventListener(name, read);
    return () => {
      element.removeEventListener("play", onPlay);
      for (const name of events) element.removeEventListener(name, read);
      if (playing === element) playing = null;
    };
  }, [element]);

  const toggle = useCallback(() => {
    const media = current.current;
    if (!media) return;
    if (media.paused || media.ended) void media.play().catch(() => undefined);
    else media.pause();
  }, []);
  const seek = useCallback((seconds: number) => {
    if (current.current) current.current.currentTime = seconds;
  }, []);
  // The stored length, when there is one, is what every other place shows (the chat list, the
  // music page): the player shows it too. A recording's container may claim a length far from
  // the truth, or none, until it has been played.
  const duration = knownDuration ?? state.duration;
  return [ref, { ...state, duration, toggle, seek }] as const;
}

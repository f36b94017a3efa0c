"use client";
// Voice notes, recorded with MediaRecorder. The length is measured here: the recorded
// container carries none that a browser can read before playing it to the end.
import { useCallback, useEffect, useRef, useState } from "react";
import { wholeSeconds } from "@/lib/format";

/**
 * Containers to record in, best first; the first the browser supports wins. MP4 and Ogg before
 * WebM: a recorder's WebM is written as a live stream of unknown length, which tag readers
 * (the server's among them) cannot parse to tell it is sound only.
 */
const TYPES = ["audio/mp4", "audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm"];

export type Recording = { file: File; durationSec: number };
type Session = { recorder: MediaRecorder; stream: MediaStream; chunks: Blob[]; startedAt: number };

function refusal(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Relay may not use your microphone. Allow it in your browser's site settings to record voice messages.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No microphone was found on this device.";
  if (name === "NotReadableError") return "Your microphone is in use by another app.";
  return "Could not start recording.";
}

export function useVoiceRecorder() {
  const session = useRef<Session | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);

  const release = useCallback(() => {
    const current = session.current;
    session.current = null;
    setStartedAt(null);
    if (!current) return null;
    current.stream.getTracks().forEach((t) => t.stop());
    return current;
  }, []);

  /** Starts recording; resolves with why not, in words, when it cannot. */
  const start = useCallback(async (): Promise<string | null> => {
    if (session.current || starting) return null;
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      return "This browser cannot record audio.";
    }
    setStarting(true);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
      const now = performance.now();
      session.current = { recorder, stream, chunks, startedAt: now };
      recorder.start(250);
      setStartedAt(Date.now());
      return null;
    } catch (error) {
      return refusal(error);
    } finally {
      setStarting(false);
    }
  }, [starting]);

  /** Stops and hands back the recording (null when nothing was recorded). */
  const stop = useCallback(async (): Promise<Recording | null> => {
    const current = session.current;
    if (!current) return null;
    const durationMs = performance.now() - current.startedAt;
    const stopped = new Promise<void>((resolve) => current.recorder.addEventListener("stop", () => resolve(), { once: true }));
    current.recorder.stop();
    await stopped;
    release();
    const type = (current.recorder.mimeType || "audio/webm").split(";")[0]!;
    const blob = new Blob(current.chunks, { type });
    if (blob.size === 0) return null;
    const extension = type === "audio/mp4" ? "m4a" : type.split("/")[1];
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
    return {
      file: new File([blob], `voice-${stamp}.${extension}`, { type }),
      durationSec: Math.max(1, wholeSeconds(durationMs / 1000)),
    };
  }, [release]);

  const cancel = useCallback(() => {
    const current = release();
    if (current && current.recorder.state !== "inactive") current.recorder.stop();
  }, [release]);

  // Leaving the chat mid-recording lets go of the microphone.
  useEffect(() => cancel, [cancel]);

  return { recording: startedAt !== null, startedAt, starting, start, stop, cancel };
}

"use client";
// Our own sounds, synthesised with WebAudio (no audio files): the ring of an incoming call
// (two short bursts of a 440 + 480 Hz chord, then a pause), the caller's quieter ringback
// (one long tone every few seconds) and a new message's two-note chime. A browser that blocks
// sound before any click simply stays silent; the screen says what is happening either way.

type Pattern = { bursts: [start: number, length: number][]; period: number; volume: number };

const patterns: Record<"ring" | "ringback", Pattern> = {
  ring: { bursts: [[0, 0.4], [0.6, 0.4]], period: 2.6, volume: 0.18 },
  ringback: { bursts: [[0, 1.2]], period: 4, volume: 0.06 },
};

/** One tone (a chord of `frequencies`) from `at` for `length` seconds, into `output`. */
function scheduleTone(context: AudioContext, output: AudioNode, at: number, length: number, frequencies: number[]) {
  const envelope = context.createGain();
  envelope.gain.setValueAtTime(0, at);
  // Short ramps in and out, so the tone does not click.
  envelope.gain.linearRampToValueAtTime(1, at + 0.02);
  envelope.gain.setValueAtTime(1, at + length - 0.02);
  envelope.gain.linearRampToValueAtTime(0, at + length);
  envelope.connect(output);
  for (const frequency of frequencies) {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(envelope);
    tone.start(at);
    tone.stop(at + length);
  }
}

/** A fresh audio context and its output at `volume`, or null where the browser has none. */
function openAudio(volume: number): { context: AudioContext; output: GainNode } | null {
  const AudioContextClass = typeof window === "undefined" ? undefined : window.AudioContext;
  if (!AudioContextClass) return null;
  try {
    const context = new AudioContextClass();
    const output = context.createGain();
    output.gain.value = volume;
    output.connect(context.destination);
    void context.resume().catch(() => {});
    return { context, output };
  } catch {
    return null;
  }
}

/** A new message's chime: two short rising notes, once. */
export function playMessageChime() {
  const audio = openAudio(0.12);
  if (!audio) return;
  const { context, output } = audio;
  const at = context.currentTime + 0.02;
  scheduleTone(context, output, at, 0.12, [880]);
  scheduleTone(context, output, at + 0.14, 0.18, [1320]);
  setTimeout(() => void context.close().catch(() => {}), 1000);
}

/** Starts the sound; returns the function that stops it. */
export function playCallSound(kind: "ring" | "ringback"): () => void {
  const pattern = patterns[kind];
  const audio = openAudio(pattern.volume);
  if (!audio) return () => {};
  const { context, output } = audio;

  const schedule = (at: number) => {
    for (const [start, length] of pattern.bursts) scheduleTone(context, output, at + start, length, [440, 480]);
  };
  let next = context.currentTime + 0.05;
  const fill = () => {
    // Keeps a few seconds scheduled ahead, so a busy page does not stutter the ring.
    while (next < context.currentTime + pattern.period * 2) {
      schedule(next);
      next += pattern.period;
    }
  };
  fill();
  const timer = setInterval(fill, 1000);
  return () => {
    clearInterval(timer);
    void context.close().catch(() => {});
  };
}

"use client";
// Our own call sounds, synthesised with WebAudio (no audio files): the ring of an incoming call
// (two short bursts of a 440 + 480 Hz chord, then a pause) and the caller's quieter ringback
// (one long tone every few seconds). A browser that blocks sound before any click simply stays
// silent; the call screen says what is happening either way.

type Pattern = { bursts: [start: number, length: number][]; period: number; volume: number };

const patterns: Record<"ring" | "ringback", Pattern> = {
  ring: { bursts: [[0, 0.4], [0.6, 0.4]], period: 2.6, volume: 0.18 },
  ringback: { bursts: [[0, 1.2]], period: 4, volume: 0.06 },
};

/** Starts the sound; returns the function that stops it. */
export function playCallSound(kind: "ring" | "ringback"): () => void {
  const AudioContextClass = typeof window === "undefined" ? undefined : window.AudioContext;
  if (!AudioContextClass) return () => {};
  let context: AudioContext;
  try {
    context = new AudioContextClass();
  } catch {
    return () => {};
  }
  const pattern = patterns[kind];
  const output = context.createGain();
  output.gain.value = pattern.volume;
  output.connect(context.destination);

  const schedule = (at: number) => {
    for (const [start, length] of pattern.bursts) {
      const envelope = context.createGain();
      envelope.gain.setValueAtTime(0, at + start);
      // Short ramps in and out, so the tone does not click.
      envelope.gain.linearRampToValueAtTime(1, at + start + 0.02);
      envelope.gain.setValueAtTime(1, at + start + length - 0.02);
      envelope.gain.linearRampToValueAtTime(0, at + start + length);
      envelope.connect(output);
      for (const frequency of [440, 480]) {
        const tone = context.createOscillator();
        tone.frequency.value = frequency;
        tone.connect(envelope);
        tone.start(at + start);
        tone.stop(at + start + length);
      }
    }
  };
  let next = context.currentTime + 0.05;
  const fill = () => {
    // Keeps a few seconds scheduled ahead, so a busy page does not stutter the ring.
    while (next < context.currentTime + pattern.period * 2) {
      schedule(next);
      next += pattern.period;
    }
  };
  void context.resume().catch(() => {});
  fill();
  const timer = setInterval(fill, 1000);
  return () => {
    clearInterval(timer);
    void context.close().catch(() => {});
  };
}

"use client";
import { Timer } from "lucide-react";
import { useEffect, useState } from "react";
import { fullTime } from "@/lib/format";
import { timeLeft } from "@/lib/disappearing";

/**
 * A disappearing message's time left ("29s", "4m", "1h"), ticking every second while under a
 * minute is left and every few seconds otherwise. The server removes the message at its time.
 */
export function ExpiryCountdown({ expiresAt }: { expiresAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  const secondsLeft = (Date.parse(expiresAt) - now) / 1000;
  const tickMs = secondsLeft <= 120 ? 1000 : 15_000;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  const left = timeLeft(expiresAt, now);
  return (
    <span data-testid="expiry-countdown" className="inline-flex items-center gap-0.5" title={`Disappears ${fullTime(expiresAt)}`}>
      <Timer className="h-3 w-3" aria-hidden="true" />
      <span aria-hidden="true">{left}</span>
      <span className="sr-only">Disappears in {left}</span>
    </span>
  );
}

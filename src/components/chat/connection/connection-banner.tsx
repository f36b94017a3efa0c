"use client";
// "Waiting for network…" / "Connecting…" across the top while this tab cannot reach Relay, as
// Telegram Web says it in its header: what is on screen may be out of date, and what is sent
// waits. Not shown for a first connect that is quick.
import { Loader2, WifiOff } from "lucide-react";
import { useEffect, useState } from "react";
import { hasEverConnected, useConnection } from "./connection-store";

const FIRST_CONNECT_GRACE_MS = 2_000;

export function ConnectionBanner() {
  const connection = useConnection();
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);
  const show = connection === "offline" || (connection === "connecting" && (graceOver || hasEverConnected()));
  return (
    <div role="status" aria-live="polite" data-testid="connection-banner" className={show ? "" : "sr-only"}>
      {show ? (
        <p className="flex items-center justify-center gap-2 bg-amber-100 px-3 py-1.5 text-sm font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
          {connection === "offline" ? (
            <>
              <WifiOff className="h-4 w-4" aria-hidden="true" /> Waiting for network… Messages you send will go once you are back online.
            </>
          ) : (
            <>
              <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" /> Connecting…
            </>
          )}
        </p>
      ) : null}
    </div>
  );
}

"use client";
// Settings → Notifications → push: whether this browser gets Web Push notifications while no
// Relay tab is open. On: subscribed through the service worker and stored on the server (for
// this session); off: unsubscribed in both places.
import { useEffect, useState } from "react";
import { currentPushSubscription, pushSupport, turnPushOff, turnPushOn } from "@/components/pwa/web-push";
import { useTRPCClient } from "@/trpc/react";
import { Toggle } from "./toggle";

type State = "checking" | "unsupported" | "denied" | "off" | "on" | "turning-on" | "turning-off";

const LABEL = "Push notifications when Relay is closed";

const NOTES: Record<State, string> = {
  checking: "Checking this browser…",
  unsupported: "This browser can’t receive push notifications here (they need a secure https address and a browser with Web Push).",
  denied: "Notifications are blocked for this site. Allow them in your browser’s site settings (the icon beside the address), then reload.",
  off: "Get a notification for new messages even when no Relay tab is open.",
  on: "This browser gets a notification for new messages while no Relay tab is open.",
  "turning-on": "Turning on…",
  "turning-off": "Turning off…",
};

export function PushSetting({ onPermission }: { onPermission: (permission: NotificationPermission) => void }) {
  const client = useTRPCClient();
  const [state, setState] = useState<State>("checking");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async (): Promise<State> => {
      if (pushSupport() === "unsupported") return "unsupported";
      if (Notification.permission === "denied") return "denied";
      // The chat shell hands an existing subscription to the server again (PushRebind).
      const subscription = await currentPushSubscription();
      return subscription && Notification.permission === "granted" ? "on" : "off";
    })().then(
      (found) => live && setState(found),
      () => live && setState("off"),
    );
    return () => {
      live = false;
    };
  }, [client]);

  async function change(on: boolean) {
    setError(null);
    setState(on ? "turning-on" : "turning-off");
    try {
      if (on) {
        const permission = await turnPushOn(client);
        onPermission(permission);
        setState(permission === "granted" ? "on" : permission === "denied" ? "denied" : "off");
      } else {
        await turnPushOff(client);
        setState("off");
      }
    } catch (reason) {
      setState(on ? "off" : "on");
      const detail = reason instanceof Error && reason.message ? ` (${reason.message})` : "";
      setError(`Couldn’t turn push notifications ${on ? "on" : "off"}${detail}. Try again.`);
    }
  }

  const busy = state === "checking" || state === "turning-on" || state === "turning-off";
  return (
    <>
      <Toggle
        label={LABEL}
        checked={state === "on" || state === "turning-off"}
        disabled={busy || state === "unsupported" || state === "denied"}
        busy={busy}
        note={NOTES[state]}
        onChange={(on) => void change(on)}
      />
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </>
  );
}

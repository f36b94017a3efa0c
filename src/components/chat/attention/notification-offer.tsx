"use client";
// The offer to turn notifications on, atop the chat list (shown once I have a chat to hear from): the
// browser's prompt comes only when I ask for it, never unbidden on arrival.
import { BellRing } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useMe } from "../me-context";
import { notificationPermission, updateAttentionSettings, useAttentionSettings } from "./attention-settings";

export function NotificationOffer() {
  const me = useMe();
  const settings = useAttentionSettings(me.id);
  const hydrated = useHydrated();
  const [asked, setAsked] = useState(false);
  if (!hydrated || asked || settings.offerDismissed || !settings.notifications) return null;
  if (notificationPermission() !== "default") return null;

  async function turnOn() {
    setAsked(true);
    const answer = await Notification.requestPermission();
    if (answer === "denied") updateAttentionSettings(me.id, { offerDismissed: true });
  }

  return (
    <div role="region" aria-label="Notifications" className="flex items-start gap-3 border-b border-slate-200 bg-brand-50 px-3 py-2.5 text-sm dark:border-slate-800 dark:bg-brand-700/20">
      <BellRing className="mt-0.5 h-5 w-5 shrink-0 text-brand-600 dark:text-brand-400" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p>Get a notification when a message arrives while Relay is in the background.</p>
        <div className="mt-1.5 flex gap-2">
          <Button className="px-3 py-1" onClick={() => void turnOn()}>
            Turn on
          </Button>
          <Button variant="ghost" className="px-3 py-1" onClick={() => updateAttentionSettings(me.id, { offerDismissed: true })}>
            Not now
          </Button>
        </div>
      </div>
    </div>
  );
}

"use client";
// Settings → Notifications: whether this browser shows a notification and plays a sound for
// messages that arrive while Relay's tab is in the background, and whether it gets pushes
// while Relay is closed.
import { useState } from "react";
import { PaneHeader } from "@/components/ui/pane-header";
import { Button } from "@/components/ui/button";
import { useMe } from "@/components/chat/me-context";
import { notificationPermission, updateAttentionSettings, useAttentionSettings } from "@/components/chat/attention/attention-settings";
import { useHydrated } from "@/components/ui/use-hydrated";
import { PushSetting } from "./push-setting";
import { SettingsNav } from "./settings-nav";
import { Toggle } from "./toggle";

export function NotificationsPanel() {
  const me = useMe();
  const settings = useAttentionSettings(me.id);
  const hydrated = useHydrated();
  // The permission changes only through the browser's prompt (or its settings and a reload).
  const [permission, setPermission] = useState(() => (typeof window === "undefined" ? "default" : notificationPermission()));
  const shownPermission = hydrated ? permission : "default";

  async function allow() {
    setPermission(await Notification.requestPermission());
  }

  return (
    <div className="h-full overflow-y-auto">
      <PaneHeader>
        <h1 className="font-semibold">Notifications</h1>
      </PaneHeader>
      <SettingsNav />
      <div className="mx-auto max-w-2xl space-y-4 p-4 sm:p-6">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          For messages that arrive while Relay is in a background tab, or closed. These settings are for this browser.
        </p>
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
          <li className="space-y-2 p-4">
            <Toggle
              label="Show notifications"
              checked={settings.notifications}
              onChange={(notifications) => updateAttentionSettings(me.id, { notifications })}
            />
            <PermissionNote permission={shownPermission} onAllow={() => void allow()} />
          </li>
          <li className="p-4">
            <Toggle label="Play a sound" checked={settings.sound} onChange={(sound) => updateAttentionSettings(me.id, { sound })} />
          </li>
          <li className="space-y-2 p-4">
            <PushSetting onPermission={setPermission} />
          </li>
        </ul>
      </div>
    </div>
  );
}

function PermissionNote({ permission, onAllow }: { permission: NotificationPermission | "unsupported"; onAllow: () => void }) {
  if (permission === "granted") return <p className="text-sm text-slate-600 dark:text-slate-300">This browser allows Relay’s notifications.</p>;
  if (permission === "unsupported") return <p className="text-sm text-slate-600 dark:text-slate-300">This browser does not show notifications.</p>;
  if (permission === "denied") {
    return (
      <p className="text-sm text-amber-800 dark:text-amber-300">
        Notifications are blocked for this site. Allow them in your browser’s site settings, then reload.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-slate-600 dark:text-slate-300">Your browser will ask whether Relay may show notifications.</p>
      <Button variant="secondary" onClick={onAllow}>
        Allow notifications
      </Button>
    </div>
  );
}

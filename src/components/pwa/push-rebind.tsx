"use client";
// Each time Relay opens signed in, a browser that has a push subscription hands it to the
// server again: it is then bound to this session (after signing in anew, the old session's row
// is gone or no longer pushed to).
import { useEffect } from "react";
import { useTRPCClient } from "@/trpc/react";
import { currentPushSubscription, pushSupport, storePushSubscription } from "./web-push";

export function PushRebind() {
  const client = useTRPCClient();
  useEffect(() => {
    if (pushSupport() === "unsupported" || Notification.permission !== "granted") return;
    currentPushSubscription()
      .then((subscription) => subscription && storePushSubscription(client, subscription))
      .catch(() => undefined);
  }, [client]);
  return null;
}

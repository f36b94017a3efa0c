"use client";
import { signOut } from "next-auth/react";
import { forgetPushSubscription } from "@/components/pwa/web-push";
import { useTRPCClient } from "@/trpc/react";

/**
 * Ends this session on the server (its token stops working everywhere, its push subscription
 * goes), then clears the cookie. This browser's push subscription ends too.
 */
export function useSignOut() {
  const client = useTRPCClient();
  return async () => {
    await forgetPushSubscription().catch(() => undefined);
    await client.auth.logout.mutate().catch(() => undefined);
    await signOut({ redirectTo: "/login" });
  };
}

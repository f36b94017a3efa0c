"use client";
import { signOut } from "next-auth/react";
import { useTRPCClient } from "@/trpc/react";

/** Ends this session on the server (its token stops working everywhere), then clears the cookie. */
export function useSignOut() {
  const client = useTRPCClient();
  return async () => {
    await client.auth.logout.mutate().catch(() => undefined);
    await signOut({ redirectTo: "/login" });
  };
}

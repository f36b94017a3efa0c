"use client";
// auth.register answers with an API token as well as the account. The browser signs in with a
// session cookie of its own, so that token's session is ended at once: otherwise every account
// made in a browser would list an API client nobody holds among its devices.
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export async function endApiSession(token: string): Promise<void> {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: "/api/trpc", transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
  });
  // Best effort: a leftover session is still listed and can be signed out from Settings.
  await client.auth.logout.mutate().catch(() => undefined);
}

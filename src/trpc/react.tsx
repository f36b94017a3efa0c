"use client";
// The browser's tRPC client: queries and mutations over HTTP (/api/trpc), the live event
// subscription over one WebSocket (/ws). Both carry the session cookie, so no token is ever
// handled by page scripts. Only the screens that call the API mount the provider (the chat,
// admin and sign-up pages): the sign-in page loads none of this.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { BAN_NOTICE_KEY, leaveIfSessionEnded } from "@/components/auth/session-ended";
import type { AppRouter } from "@/server/api/root";
import { CloseCode } from "@/lib/close-codes";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}

function makeTRPCClient() {
  const wsUrl = () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/ws`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({
          // Lazy: the socket opens with the first subscription (the signed-in screens), so the
          // sign-in pages never dial a socket the server would refuse.
          client: createWSClient({
            url: wsUrl,
            lazy: { enabled: true, closeMs: 0 },
            retryDelayMs: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
            // Banned: no reconnecting. The page signs out and tells why (the close reason).
            onClose: (cause) => {
              if (leaveIfSessionEnded(cause as CloseEvent | undefined)) return;
              if (cause?.code !== CloseCode.banned || window.location.pathname === "/banned") return;
              sessionStorage.setItem(BAN_NOTICE_KEY, (cause as CloseEvent).reason ?? "");
              window.location.replace("/banned");
            },
          }),
          transformer: superjson,
        }),
        // Batches stay well below the server's ceiling (RATE_LIMIT_MAX_BATCH, at least 20).
        false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 20 }),
      }),
    ],
  });
}

type Clients = { queryClient: QueryClient; trpcClient: ReturnType<typeof makeTRPCClient> };
/** One pair per tab: moving between the screens that mount the provider keeps the cache and socket. */
let browserClients: Clients | undefined;

function clients(): Clients {
  const make = () => ({ queryClient: makeQueryClient(), trpcClient: makeTRPCClient() });
  // On the server each render gets its own (no cache shared between requests).
  if (typeof window === "undefined") return make();
  return (browserClients ??= make());
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [{ queryClient, trpcClient }] = useState(clients);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

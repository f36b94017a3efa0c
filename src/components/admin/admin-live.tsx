"use client";
// The dashboard's own live stream. Without it no socket is open on this page (the client dials
// one only for a subscription), so the admin reading it would count as neither a live
// connection nor online. People coming and going refresh the numbers and the users' states.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/trpc/react";

export function AdminLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.admin.stats.pathFilter());
    void queryClient.invalidateQueries(trpc.admin.users.pathFilter());
  };
  useSubscription(
    trpc.events.stream.subscriptionOptions(
      {},
      {
        onStarted: refresh,
        onData: (envelope) => {
          if (envelope.data.type === "presence") refresh();
        },
      },
    ),
  );
  return null;
}

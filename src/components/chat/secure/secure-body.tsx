"use client";
// The inside of a secure message's bubble: its text once opened here, or, honestly, why not.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldAlert, KeyRound } from "lucide-react";
import { useCallback } from "react";
import type { MessageView } from "@/lib/api-types";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";
import { RichText } from "@/components/chat/messages/rich-text";
import { openSecure, openedText } from "./open-secure";
import { unavailableState, type SecureState } from "./secure-state";
import { secureUnavailableReason } from "./support";

export function SecureBody({ message, mine }: { message: MessageView; mine: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useMe();
  const bundles = useCallback(
    (fresh: boolean) => queryClient.fetchQuery({ ...trpc.keys.bundles.queryOptions({ chatId: message.chatId }), staleTime: fresh ? 0 : 30_000 }),
    [queryClient, trpc, message.chatId],
  );
  const known = openedText(me.id, message.id);
  const state = useQuery({
    queryKey: ["secure-text", me.id, message.id],
    queryFn: async (): Promise<SecureState> => {
      const unavailable = await secureUnavailableReason();
      if (unavailable) return unavailableState(unavailable);
      if (!message.secure) return { kind: "unverified", label: "Could not be verified" };
      return openSecure(client, me.id, { id: message.id, chatId: message.chatId, secure: message.secure }, bundles);
    },
    initialData: known === null ? undefined : { kind: "text", text: known },
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: 2,
  });
  // Not reached (no connection, say) is not the same as not verified: it says so, and no text.
  const data: SecureState | undefined = state.data ?? (state.isError ? { kind: "unavailable", label: "Could not be opened right now" } : undefined);
  if (!data) {
    return (
      <p data-testid="secure-body" data-secure-state="opening" className="text-[15px] italic opacity-80">
        Decrypting…
      </p>
    );
  }
  if (data.kind === "text") {
    return (
      <div data-testid="secure-body" data-secure-state="text">
        <RichText text={data.text} mine={mine} />
      </div>
    );
  }
  const Icon = data.kind === "no-key" ? KeyRound : ShieldAlert;
  return (
    <p data-testid="secure-body" data-secure-state={data.kind} className="flex items-center gap-1.5 text-[15px] italic opacity-85">
      <Icon className="h-4 w-4 shrink-0" aria-hidden="true" />
      {data.label}
    </p>
  );
}

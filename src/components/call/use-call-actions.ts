"use client";
// What I do about a call: place one, answer, decline, hang up. The screen follows at once;
// the server's answer (or its live events) settles the rest, and a refusal shows as a notice.
import { useMemo } from "react";
import { toast } from "@/components/ui/toast";
import type { CallType } from "@/lib/calls";
import { useTRPCClient } from "@/trpc/react";
import { callStore, type CallState } from "./call-store";

const reason = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

export function useCallActions() {
  const client = useTRPCClient();
  return useMemo(
    () => ({
      async start(chatId: string, type: CallType) {
        try {
          const call = await client.calls.initiate.mutate({ chatId, type });
          const name = `${call.peer.firstName} ${call.peer.lastName}`;
          if (call.status === "busy") {
            toast(`${name} is on another call. Try again later.`);
            return;
          }
          callStore.placed({ id: call.id, chatId, type, peer: { id: call.peer.id, name, avatarUrl: call.peer.avatarUrl } });
        } catch (error) {
          toast(`Could not call: ${reason(error)}`, "error");
        }
      },
      async accept(call: CallState) {
        // Before the server hears it, so this device's own `call:accepted` is not taken for
        // an answer from another device.
        callStore.answered(call.id);
        try {
          await client.calls.answer.mutate({ callId: call.id });
        } catch (error) {
          callStore.dismiss(call.id);
          toast(`Could not answer: ${reason(error)}`, "error");
        }
      },
      async decline(call: CallState) {
        callStore.dismiss(call.id);
        await client.calls.reject.mutate({ callId: call.id }).catch(() => {
          // Already over (cancelled or missed a moment ago): nothing to decline.
        });
      },
      async hangUp(call: CallState) {
        if (call.phase === "ended") return callStore.dismiss(call.id);
        try {
          await client.calls.end.mutate({ callId: call.id });
        } catch {
          // Already over: the screen closes all the same.
          callStore.dismiss(call.id);
        }
      },
    }),
    [client],
  );
}

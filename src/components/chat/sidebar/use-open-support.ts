"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";

/** Help: opens my support chat with the admins (made on first use) and goes there; with no admin, says so. */
export function useOpenSupport() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.chats.openSupport.mutationOptions({
      onSuccess: (chat) => {
        void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
        router.push(`/chats/${chat.id}`);
      },
      // No admin to answer: the server says so in a sentence of its own, shown as it is.
      onError: (error) => (error.data?.code === "NOT_FOUND" ? toast(error.message) : toast(`Could not open support: ${error.message}`, "error")),
    }),
  );
  return { open: () => mutation.mutate({}), pending: mutation.isPending };
}

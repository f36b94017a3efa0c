"use client";
// What I do to a chat as a whole: archive it, and for groups what the owner and admins do,
// and leaving. The server checks every right; a
// refusal shows as a notice. Success refreshes the chat's info and the list at once (the live
// `chat:updated` that follows would too, a moment later).
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC, useTRPCClient } from "@/trpc/react";

const reason = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

export function useChatActions(chatId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();

  return useMemo(() => {
    const refresh = () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.chats.info.queryFilter({ chatId })),
        queryClient.invalidateQueries(trpc.chats.list.pathFilter()),
      ]);
    /** Runs a call; true when it went through. */
    const run = async (call: () => Promise<unknown>, failure: string, success?: string) => {
      try {
        await call();
        await refresh();
        if (success) toast(success);
        return true;
      } catch (error) {
        toast(`${failure}: ${reason(error)}`, "error");
        return false;
      }
    };
    /** Out of the group: its screens are closed before the list is refreshed. */
    const exit = async (call: () => Promise<unknown>, failure: string, success: string) => {
      try {
        await call();
        router.push("/chats");
        queryClient.removeQueries(trpc.chats.info.queryFilter({ chatId }));
        await queryClient.invalidateQueries(trpc.chats.list.pathFilter());
        toast(success);
      } catch (error) {
        toast(`${failure}: ${reason(error)}`, "error");
      }
    };
    return {
      rename: (title: string) => run(() => client.chats.update.mutate({ chatId, title }), "Could not rename the group"),
      addMembers: (userIds: string[]) =>
        run(() => client.chats.addMembers.mutate({ chatId, userIds }), "Could not add people"),
      remove: (userId: string) => run(() => client.chats.removeMember.mutate({ chatId, userId }), "Could not remove"),
      setRole: (userId: string, role: "admin" | "member") =>
        run(() => client.chats.setMemberRole.mutate({ chatId, userId, role }), "Could not change the role"),
      setDisappearing: (seconds: number | null) =>
        run(() => client.chats.setDisappearing.mutate({ chatId, seconds }), "Could not change disappearing messages"),
      setSecureDefault: (secure: boolean) =>
        run(() => client.chats.setSecureDefault.mutate({ chatId, secure }), "Could not change the encryption setting"),
      archive: (archived: boolean) =>
        run(
          () => client.chats.archive.mutate({ chatId, archived }),
          archived ? "Could not archive" : "Could not unarchive",
          archived ? "Chat archived" : "Chat moved out of the archive",
        ),
      leave: () => exit(() => client.chats.leave.mutate({ chatId }), "Could not leave the group", "You left the group"),
      deleteGroup: () => exit(() => client.chats.delete.mutate({ chatId }), "Could not delete the group", "Group deleted"),
    };
  }, [chatId, client, queryClient, router, trpc]);
}

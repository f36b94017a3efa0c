"use client";
import { useQueryClient } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/trpc/react";

/** After any admin action every admin list and the stats may have changed: refetch them. */
export function useAfterAdminAction() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (done: string) => {
    toast(done);
    void queryClient.invalidateQueries(trpc.admin.pathFilter());
  };
}

import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ChatShell } from "@/components/chat/chat-shell";
import { TRPCReactProvider } from "@/trpc/react";
import { getSessionUser, serverApi, uploadLimit } from "@/trpc/server";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  if (!(await getSessionUser())) redirect("/login");
  const me = await (await serverApi()).auth.me();
  return (
    <TRPCReactProvider>
      <ChatShell me={me} uploadLimit={uploadLimit()}>{children}</ChatShell>
    </TRPCReactProvider>
  );
}

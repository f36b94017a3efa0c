"use client";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { CallLayer } from "@/components/call/call-layer";
import { UploadLimitProvider } from "@/components/media/upload-limit";
import { PushRebind } from "@/components/pwa/push-rebind";
import { Toaster } from "@/components/ui/toast";
import type { OwnProfile } from "@/lib/api-types";
import type { UploadLimit } from "@/lib/limits";
import { ChatSidebar } from "@/components/chat/sidebar/chat-sidebar";
import { UnreadInTab } from "./attention/attention";
import { ConnectionBanner } from "./connection/connection-banner";
import { LiveEvents } from "./live-events";
import { MeProvider } from "./me-context";
import { useQuickSwitcher } from "./use-quick-switcher";

/** Two panes on a desktop; on a phone the list and the open chat take turns. */
export function ChatShell({ me, uploadLimit, children }: { me: OwnProfile; uploadLimit: UploadLimit; children: ReactNode }) {
  const pathname = usePathname();
  const inList = pathname === "/chats";
  const quickSwitcher = useQuickSwitcher();
  return (
    <MeProvider value={me}>
      <UploadLimitProvider value={uploadLimit}>
      <LiveEvents />
      <UnreadInTab />
      <PushRebind />
      <CallLayer />
      <div className="flex h-dvh flex-col overflow-hidden">
        <ConnectionBanner />
        <div className="flex min-h-0 flex-1 overflow-hidden">
          <aside
            aria-label="Chats"
            className={`${inList ? "flex" : "hidden"} w-full flex-col border-r border-slate-200 md:flex md:w-80 lg:w-96 dark:border-slate-800`}
          >
            <ChatSidebar />
          </aside>
          <main className={`${inList ? "hidden md:flex" : "flex"} min-w-0 flex-1 flex-col bg-slate-50 dark:bg-slate-900`}>
            {children}
          </main>
        </div>
      </div>
      {quickSwitcher}
      <Toaster />
      </UploadLimitProvider>
    </MeProvider>
  );
}

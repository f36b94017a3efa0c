"use client";
import { Avatar } from "@/components/ui/avatar";
import { useNow } from "@/components/ui/use-now";
import { fullName, lastSeen } from "@/lib/format";
import type { ChatInfo } from "@/lib/api-types";
import { useChatActions } from "@/components/chat/use-chat-actions";
import { ChatGallery } from "./chat-gallery";
import { DisappearingSetting } from "./disappearing-setting";
import { InfoPanel } from "./info-panel";
import { SecureSetting } from "./secure-setting";

/** A direct chat's info: the other person, the chat's settings, and the files shared with them. */
export function PeerInfoPanel({ info, onClose, onVerify }: { info: ChatInfo; onClose: () => void; onVerify: () => void }) {
  const now = useNow();
  const actions = useChatActions(info.id);
  const peer = info.peer;
  return (
    <InfoPanel title="Chat info" testId="chat-info" onClose={onClose}>
      {peer ? (
        <section className="flex flex-col items-center gap-1 px-4 py-5 text-center">
          <Avatar name={fullName(peer)} seed={peer.id} src={peer.avatarUrl} size="lg" online={peer.online} />
          <p className="mt-1 text-lg font-semibold">{fullName(peer)}</p>
          <p className="text-sm text-slate-500 dark:text-slate-400">
            @{peer.username} · {peer.online ? "online" : lastSeen(peer.lastSeenAt, now)}
          </p>
          {peer.bio ? <p className="mt-2 whitespace-pre-wrap text-sm text-slate-700 dark:text-slate-300">{peer.bio}</p> : null}
        </section>
      ) : null}
      <DisappearingSetting seconds={info.disappearingSeconds} canEdit onChange={actions.setDisappearing} />
      <SecureSetting secureDefault={info.secureDefault} onChange={actions.setSecureDefault} onVerify={onVerify} />
      <ChatGallery chatId={info.id} />
    </InfoPanel>
  );
}

"use client";
import { Archive, ArchiveRestore, LogOut, Trash2, UserPlus } from "lucide-react";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import type { ChatInfo } from "@/lib/api-types";
import { AddMembersDialog } from "@/components/chat/dialogs/add-members-dialog";
import { ChatGallery } from "./chat-gallery";
import { DisappearingSetting } from "./disappearing-setting";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { GroupTitleEditor } from "./group-title-editor";
import { InfoPanel } from "./info-panel";
import { useMe } from "@/components/chat/me-context";
import { MemberRow } from "./member-row";
import { useChatActions } from "@/components/chat/use-chat-actions";

type Open = "add" | "leave" | "delete" | null;

/** A group's title, members, shared files and actions. */
export function GroupInfoPanel({ info, onClose }: { info: ChatInfo; onClose: () => void }) {
  const me = useMe();
  const actions = useChatActions(info.id);
  const [open, setOpen] = useState<Open>(null);
  const manager = info.myRole !== "member";
  const online = info.members.filter((m) => m.user.id === me.id || m.user.online).length;
  const rowClass =
    "flex w-full items-center gap-3 px-4 py-2.5 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800";

  return (
    <InfoPanel
      title="Group info"
      testId="group-info"
      onClose={onClose}
      dialogs={
        open === "add" ? (
          <AddMembersDialog memberIds={info.members.map((m) => m.user.id)} onAdd={actions.addMembers} onClose={() => setOpen(null)} />
        ) : open === "leave" ? (
          <ConfirmDialog
            title="Leave the group?"
            body={
              info.myRole === "owner"
                ? "You will no longer see its messages. The longest-standing admin (or member) becomes the owner."
                : "You will no longer see its messages, unless someone adds you again."
            }
            confirmLabel="Leave"
            onConfirm={() => void actions.leave()}
            onClose={() => setOpen(null)}
          />
        ) : open === "delete" ? (
          <ConfirmDialog
            title="Delete the group?"
            body="The group and all its messages will be deleted for every member. This cannot be undone."
            confirmLabel="Delete group"
            onConfirm={() => void actions.deleteGroup()}
            onClose={() => setOpen(null)}
          />
        ) : null
      }
    >
      <section className="flex flex-col items-center gap-2 px-4 py-5">
        <Avatar name={info.title} seed={info.id} size="lg" />
        <GroupTitleEditor title={info.title} canEdit={manager} onRename={actions.rename} />
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {info.members.length} {info.members.length === 1 ? "member" : "members"}, {online} online
        </p>
      </section>
      <section aria-labelledby="members-heading" className="border-t border-slate-200 dark:border-slate-800">
        <h3 id="members-heading" className="px-4 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Members
        </h3>
        {manager ? (
          <button type="button" className={`${rowClass} text-brand-600 dark:text-brand-400`} onClick={() => setOpen("add")}>
            <UserPlus className="h-5 w-5" aria-hidden="true" />
            Add members
          </button>
        ) : null}
        <ul aria-label="Members">
          {info.members.map((member) => (
            <MemberRow
              key={member.user.id}
              member={member}
              myRole={info.myRole}
              isMe={member.user.id === me.id}
              onRemove={() => void actions.remove(member.user.id)}
              onSetRole={(role) => void actions.setRole(member.user.id, role)}
            />
          ))}
        </ul>
      </section>
      <DisappearingSetting seconds={info.disappearingSeconds} canEdit={manager} onChange={actions.setDisappearing} />
      <ChatGallery chatId={info.id} />
      <section className="border-t border-slate-200 py-1 dark:border-slate-800">
        <button type="button" className={rowClass} onClick={() => void actions.archive(!info.archived)}>
          {info.archived ? <ArchiveRestore className="h-5 w-5" aria-hidden="true" /> : <Archive className="h-5 w-5" aria-hidden="true" />}
          {info.archived ? "Unarchive" : "Archive"}
        </button>
        <button type="button" className={`${rowClass} text-red-600 dark:text-red-400`} onClick={() => setOpen("leave")}>
          <LogOut className="h-5 w-5" aria-hidden="true" />
          Leave group
        </button>
        {info.myRole === "owner" ? (
          <button type="button" className={`${rowClass} text-red-600 dark:text-red-400`} onClick={() => setOpen("delete")}>
            <Trash2 className="h-5 w-5" aria-hidden="true" />
            Delete group
          </button>
        ) : null}
      </section>
    </InfoPanel>
  );
}

"use client";
import { EllipsisVertical, ShieldCheck, ShieldOff, UserMinus } from "lucide-react";
import { useRef, useState } from "react";
import { IconButton } from "@/components/ui/button";
import { fullName } from "@/lib/format";
import type { ChatMemberView } from "@/lib/api-types";
import { MessageMenu, type MenuAction } from "@/components/chat/messages/message-menu";
import type { MenuAnchor } from "@/components/chat/messages/message-bubble";
import { PersonSummary } from "@/components/chat/people/person-summary";

const roleLabel = { owner: "owner", admin: "admin", member: null } as const;

/**
 * One member with their role and presence. The menu offers what my role allows over theirs:
 * owner and admins remove members (only the owner removes admins; nobody the owner), and the
 * owner makes or unmakes admins.
 */
export function MemberRow({
  member,
  myRole,
  isMe,
  onRemove,
  onSetRole,
}: {
  member: ChatMemberView;
  myRole: ChatMemberView["role"];
  isMe: boolean;
  onRemove: () => void;
  onSetRole: (role: "admin" | "member") => void;
}) {
  const [menuAt, setMenuAt] = useState<MenuAnchor | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const name = fullName(member.user);
  const canRemove = !isMe && member.role !== "owner" && (myRole === "owner" || (myRole === "admin" && member.role === "member"));
  const canPromote = !isMe && myRole === "owner" && member.role !== "owner";
  const actions: MenuAction[] = [
    ...(canPromote
      ? [
          member.role === "admin"
            ? { label: "Remove admin", icon: ShieldOff, onSelect: () => onSetRole("member") }
            : { label: "Make admin", icon: ShieldCheck, onSelect: () => onSetRole("admin") },
        ]
      : []),
    ...(canRemove ? [{ label: "Remove from group", icon: UserMinus, onSelect: onRemove, danger: true }] : []),
  ];
  const badge = roleLabel[member.role];
  return (
    <li data-testid="member-row" className="flex items-center gap-3 px-4 py-2">
      <PersonSummary user={member.user} size="sm" />
      <span className="ml-auto flex shrink-0 items-center gap-1">
        {badge ? (
          <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">
            {badge}
          </span>
        ) : null}
        {actions.length ? (
          <IconButton
            ref={button}
            aria-label={`Actions for ${name}`}
            aria-haspopup="menu"
            aria-expanded={menuAt !== null}
            onClick={(e) => {
              const rect = e.currentTarget.getBoundingClientRect();
              setMenuAt({ x: rect.right - 240, y: rect.bottom });
            }}
          >
            <EllipsisVertical className="h-5 w-5" aria-hidden="true" />
          </IconButton>
        ) : null}
      </span>
      {menuAt ? (
        <MessageMenu
          at={menuAt}
          label={`Actions for ${name}`}
          reactions={null}
          onReact={() => undefined}
          actions={actions}
          onClose={(restoreFocus) => {
            setMenuAt(null);
            if (restoreFocus) button.current?.focus();
          }}
        />
      ) : null}
    </li>
  );
}

import { Avatar } from "@/components/ui/avatar";
import { fullName } from "@/lib/format";
import type { PublicUser } from "@/lib/api-types";

/** Avatar, name and @username: how a person appears in search results and pickers. */
export function PersonSummary({ user, size = "md" }: { user: PublicUser; size?: "sm" | "md" }) {
  return (
    <>
      <Avatar name={fullName(user)} seed={user.id} src={user.avatarUrl} size={size} online={user.online} />
      <span className="min-w-0">
        <span className="block truncate font-medium">{fullName(user)}</span>
        <span className="block truncate text-sm text-slate-600 dark:text-slate-400">@{user.username}</span>
      </span>
    </>
  );
}

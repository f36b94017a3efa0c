// How the list of devices says when a session was used and when it signed in.

/** Last-use times are written once a minute: anything this recent is someone using it now. */
const ACTIVE_WITHIN_MS = 2 * 60_000;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const dayYear = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

/** "Active now", "Last used 5 minutes ago", "… today at 14:05", "… yesterday at 9:10", "… on 3 Mar". */
export function lastUsedLabel(lastUsedAt: Date, now: Date, current: boolean): string {
  const ago = now.getTime() - lastUsedAt.getTime();
  if (current || ago < ACTIVE_WITHIN_MS) return "Active now";
  const minutes = Math.floor(ago / 60_000);
  if (minutes < 60) return `Last used ${relative.format(-minutes, "minute")}`;
  if (lastUsedAt.toDateString() === now.toDateString()) return `Last used today at ${time.format(lastUsedAt)}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (lastUsedAt.toDateString() === yesterday.toDateString()) return `Last used yesterday at ${time.format(lastUsedAt)}`;
  return `Last used on ${(lastUsedAt.getFullYear() === now.getFullYear() ? day : dayYear).format(lastUsedAt)}`;
}

export function signedInLabel(createdAt: Date): string {
  return `Signed in on ${dayYear.format(createdAt)}`;
}

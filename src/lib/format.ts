// Display formatting shared by every screen.

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

export function fullName(user: { firstName: string; lastName: string }): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

/** Made on first use, then kept: building a formatter costs more than the screen that first needs it. */
function formatter<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const timeFormat = formatter(() => new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }));
const dayFormat = formatter(() => new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" }));
const fullFormat = formatter(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }));
const longDayFormat = formatter(() => new Intl.DateTimeFormat(undefined, { dateStyle: "long" }));

export function messageTime(iso: string): string {
  return timeFormat().format(new Date(iso));
}

/** "14:05" today, "3 Mar" otherwise: what a chat list shows. */
export function listTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? timeFormat().format(date) : dayFormat().format(date);
}

export function fullTime(iso: string): string {
  return fullFormat().format(new Date(iso));
}

export function dayLabel(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (date.toDateString() === now.toDateString()) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return longDayFormat().format(date);
}

const relativeFormat = formatter(() => new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }));
const dayYearFormat = formatter(() => new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" }));

/** "last seen just now / 5 minutes ago / today at 14:05 / yesterday at 9:10 / on 3 Mar". */
export function lastSeen(iso: string | null, now = new Date()): string {
  if (!iso) return "last seen a long time ago";
  const date = new Date(iso);
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return "last seen just now";
  if (minutes < 60) return `last seen ${relativeFormat().format(-minutes, "minute")}`;
  if (date.toDateString() === now.toDateString()) return `last seen today at ${timeFormat().format(date)}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return `last seen yesterday at ${timeFormat().format(date)}`;
  const sameYear = date.getFullYear() === now.getFullYear();
  return `last seen on ${(sameYear ? dayFormat : dayYearFormat)().format(date)}`;
}

/**
 * A length on screen: "0:07", "3:25", "1:02:09". The one rounding (to the nearest second)
 * every place uses, so a voice note reads the same in the chat list, its bubble and the
 * recorder that made it (which stores its length rounded the same way).
 */
export function formatDuration(seconds: number): string {
  const total = wholeSeconds(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Seconds rounded to the nearest whole one (never negative): how lengths are stored and shown. */
export function wholeSeconds(seconds: number): number {
  return Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
}

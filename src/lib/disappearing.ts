// How disappearing-message timers read, for the system line the server posts and for the UI.
import { DISAPPEARING_TIMERS } from "./limits";

const UNITS = [
  { seconds: 604_800, long: "week", short: "w" },
  { seconds: 86_400, long: "day", short: "d" },
  { seconds: 3600, long: "hour", short: "h" },
  { seconds: 60, long: "minute", short: "m" },
  { seconds: 1, long: "second", short: "s" },
] as const;

/** "30 seconds", "1 hour", "4 weeks": a timer in the largest unit that divides it. */
export function timerLabel(seconds: number): string {
  const unit = UNITS.find((u) => seconds % u.seconds === 0) ?? UNITS[UNITS.length - 1]!;
  const count = seconds / unit.seconds;
  return `${count} ${unit.long}${count === 1 ? "" : "s"}`;
}

/** "30s", "1h", "4w": a timer as a badge shows it. */
export function timerBadge(seconds: number): string {
  const unit = UNITS.find((u) => seconds % u.seconds === 0) ?? UNITS[UNITS.length - 1]!;
  return `${seconds / unit.seconds}${unit.short}`;
}

/** Time left until `expiresAt`, rounded up in the largest unit that fits: "29s", "4m", "1h", "3d". */
export function timeLeft(expiresAt: string, now: number): string {
  const left = Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
  if (left < 60) return `${left}s`;
  if (left < 3600) return `${Math.ceil(left / 60)}m`;
  if (left < 86_400) return `${Math.ceil(left / 3600)}h`;
  if (left < 604_800) return `${Math.ceil(left / 86_400)}d`;
  return `${Math.ceil(left / 604_800)}w`;
}

/** The choices a chat's timer offers, off first. */
export const TIMER_CHOICES: { value: number | null; label: string }[] = [
  { value: null, label: "Off" },
  ...DISAPPEARING_TIMERS.map((seconds) => ({ value: seconds, label: timerLabel(seconds) })),
];

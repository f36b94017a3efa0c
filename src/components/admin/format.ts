// Formatting for the admin dashboard.

const units = ["B", "KB", "MB", "GB", "TB"];

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const numberFormat = new Intl.NumberFormat("en");
export const formatCount = (n: number) => numberFormat.format(n);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatWhen = (iso: string) => dateTime.format(new Date(iso));

const shortDay = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", timeZone: "UTC" });
/** "2026-11-03" → "3 Nov" (the series is in UTC days). */
export const formatDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));

export function personLabel(person: { firstName: string; lastName: string; username: string } | null): string {
  return person ? `${`${person.firstName} ${person.lastName}`.trim()} (@${person.username})` : "Deleted account";
}

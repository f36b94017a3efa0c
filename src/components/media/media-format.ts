// How sizes and lengths of files read on screen.

const units = ["KB", "MB", "GB"];

/** "940 B", "12 KB", "3.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "0:07", "3:25", "1:02:09". */
export function duration(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "PDF", "ZIP", "DOCX": the type a file card names, from the file name or else its MIME type. */
export function typeLabel(name: string, mimeType: string): string {
  const ext = /\.([a-z0-9]{1,6})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = mimeType.split("/")[1] ?? "file";
  return sub.replace(/^x-/, "").split(/[.+;-]/)[0]!.toUpperCase();
}

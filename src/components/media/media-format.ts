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

/** "PDF", "ZIP", "DOCX": the type a file card names, from the file name or else its MIME type. */
export function typeLabel(name: string, mimeType: string): string {
  const ext = /\.([a-z0-9]{1,6})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = mimeType.split("/")[1] ?? "file";
  return sub.replace(/^x-/, "").split(/[.+;-]/)[0]!.toUpperCase();
}

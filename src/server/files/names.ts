// A file's name is the uploader's to choose and everyone else's to see: it is kept as a
// harmless label (never a path), and given back in a Content-Disposition no browser misreads.
const MAX_NAME_LENGTH = 180;

/** The last path segment, without control, bidi-override or reserved characters; never empty. */
export function sanitizeFileName(raw: string | null | undefined): string {
  const base = (raw ?? "").normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = base
    // C0/C1 controls, and the bidi controls that make "exe.txt" read as "txt.exe"
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    // "..", ".hidden", trailing dots and spaces: nothing a file system treats specially
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (!cleaned) return "file";
  return truncateKeepingExtension(cleaned, MAX_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // by code point, never half a surrogate pair
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join("");
  return chars.slice(0, max - extension.length).join("") + extension.join("");
}

/** The lower-case extension of a name, or null. */
export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}

/** RFC 6266: an ASCII fallback for old clients, and the exact name as UTF-8 in filename*. */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

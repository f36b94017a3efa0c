// A file's name is the uploader's to choose and everyone else's to see: it is kept as a
// harmless label (never a path), and given back in a Content-Disposition no browser misreads.
import { FAMILIES, familyOfSniffed, isTextFamily } from "./file-types";

const MAX_NAME_LENGTH = 180;

/**
 * Extensions a desktop runs or renders as a page when the file is opened: web pages (their
 * scripts run with the file's own origin), scripts, installers, shortcuts. SVG is not here: it
 * is an image Relay accepts, always served as an attachment under a sandboxing CSP.
 */
const ACTIVE_EXTENSIONS = new Set([
  // pages and documents that run script when opened
  "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "hta", "xml", "xsl", "xslt",
  // scripts
  "js", "mjs", "cjs", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "psd1", "bat", "cmd",
  "sh", "bash", "zsh", "csh", "ksh", "command", "py", "pyw", "pl", "rb", "php", "applescript",
  // programs, installers, shortcuts and settings that take effect when opened
  "exe", "com", "scr", "pif", "cpl", "msi", "msp", "jar", "jnlp", "app", "appimage", "deb", "rpm",
  "lnk", "url", "desktop", "reg", "inf", "scf", "gadget", "application", "appref-ms", "chm",
]);

/** The last path segment, without control, bidi-override or reserved characters; never empty. */
export function sanitizeFileName(raw: string | null | undefined): string {
  const base = (raw ?? "").normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = base
    // C0/C1 controls, and the bidi controls that make "exe.txt" read as "txt.exe"
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    // half a surrogate pair (a name given as JSON may hold one): not a character at all
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    // "..", ".hidden", trailing dots and spaces: nothing a file system treats specially
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (!cleaned) return "file";
  return truncateKeepingExtension(cleaned, MAX_NAME_LENGTH);
}

/**
 * The name a file is stored and served under: one whose extension would have it run or
 * rendered as a page gets the extension of what it really is appended ("page.html.txt",
 * "run.js.txt"), so opening the download shows it instead of running it.
 */
export function neutralName(name: string, storedType: string): string {
  const extension = extensionOf(name);
  if (!extension || !ACTIVE_EXTENSIONS.has(extension)) return name;
  const family = familyOfSniffed(storedType);
  const real = !family || isTextFamily(family) ? "txt" : FAMILIES[family].extensions[0]!;
  return truncateKeepingExtension(`${name}.${real}`, MAX_NAME_LENGTH);
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

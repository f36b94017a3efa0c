// What text Relay accepts: nothing a person cannot type or see. PostgreSQL refuses NUL in text
// and in jsonb, and text with half a surrogate pair cannot be encoded as UTF-8; the other
// control characters (C0 and C1) are invisible and only ever arrive to confuse a reader.
// Multi-line text (messages, bios, reasons) keeps its line breaks and tabs; a line (a name, a
// title, a search) keeps neither.

const LINE_UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// \r is allowed with \n: text pasted from Windows or a session description (SDP) ends its lines with \r\n.
const TEXT_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` has no control character at all (no line break, no tab) and no lone surrogate. */
export const isSafeLine = (value: string) => !LINE_UNSAFE.test(value);

/** True when `value` has no control character but line breaks and tabs, and no lone surrogate. */
export const isSafeText = (value: string) => !TEXT_UNSAFE.test(value);

/** True when every string in a JSON value (keys included) is safe multi-line text. */
export function isSafeJson(value: unknown): boolean {
  if (typeof value === "string") return isSafeText(value);
  if (Array.isArray(value)) return value.every(isSafeJson);
  if (value && typeof value === "object") {
    return Object.entries(value).every(([key, inner]) => isSafeText(key) && isSafeJson(inner));
  }
  return true;
}

/** The refinement of a one-line field, e.g. `z.string().trim().refine(...safeLine("First name"))`. */
export const safeLine = (field: string) =>
  [isSafeLine, { message: `${field} cannot contain line breaks, tabs or invisible control characters` }] as const;

/** The refinement of a multi-line field: line breaks and tabs are fine, other control characters are not. */
export const safeText = (field: string) =>
  [isSafeText, { message: `${field} cannot contain invisible control characters (such as a NUL byte)` }] as const;

/** The refinement of a JSON value a client gives: no string in it may hold a control character but line breaks and tabs. */
export const safeJson = (field: string) =>
  [isSafeJson, { message: `${field} cannot contain invisible control characters (such as a NUL byte)` }] as const;

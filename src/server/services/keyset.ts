// Keyset cursors for lists newest first: the last row's (timestamp, id), so a page deep in a
// million rows costs what the first one does. The timestamps these lists order by are kept to
// the millisecond (a JavaScript Date's precision), so a cursor names its row exactly.
import { and, eq, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { isSafeLine } from "@/lib/safe-text";
import { badRequest } from "@/server/services/errors";

export type Keyset = { at: Date; id: string };

/** Every list refuses a cursor it did not give out in the same words. */
export const badCursor = () => badRequest("That cursor is not one this list gave out; start again without it");

/** An opaque cursor: the values that name a list's last row. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/**
 * The values of a cursor `encodeCursor` made, as `read` checks and shapes them (it returns null
 * for anything else); no cursor is no position.
 */
export function decodeCursor<T>(cursor: string | null | undefined, read: (parts: unknown[]) => T | null): T | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  const value = Array.isArray(parts) ? read(parts) : null;
  if (value === null) throw badCursor();
  return value;
}

/** A cursor's row id; a forged one could smuggle a NUL into the query, which PostgreSQL refuses. */
export const isCursorId = (id: unknown): id is string => typeof id === "string" && isSafeLine(id);

export function encodeKeyset(at: Date, id: string): string {
  return encodeCursor([at.toISOString(), id]);
}

export function decodeKeyset(cursor: string | null | undefined): Keyset | null {
  return decodeCursor(cursor, ([at, id]) => {
    const date = new Date(String(at));
    return isCursorId(id) && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
  });
}

/** Rows after `after` in (at DESC, id DESC) order. */
export function olderThan(atColumn: AnyColumn, idColumn: AnyColumn, after: Keyset | null): SQL | undefined {
  if (!after) return undefined;
  return or(lt(atColumn, after.at), and(eq(atColumn, after.at), lt(idColumn, after.id)));
}

/**
 * (at DESC, id DESC) spelled as the indexes are built: drizzle's `.desc()` index columns are
 * DESC NULLS LAST, and a plain DESC (NULLS FIRST) ordering cannot be read from them, so
 * PostgreSQL would sort the whole table for the first page.
 */
export function newestFirst(atColumn: AnyColumn, idColumn: AnyColumn): SQL[] {
  return [sql`${atColumn} DESC NULLS LAST`, sql`${idColumn} DESC NULLS LAST`];
}

/** Splits `limit + 1` rows into a page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => Keyset): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeKeyset(key(last).at, key(last).id) : null };
}

/** `text` with LIKE's pattern characters taken literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%q%` for LIKE over lower-cased text, with the pattern characters in q taken literally. */
export function containsPattern(q: string): string {
  return `%${escapeLike(q.toLowerCase())}%`;
}

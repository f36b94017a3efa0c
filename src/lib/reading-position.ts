// Where a person was reading a chat, kept in the tab (sessionStorage) so that a reload opens
// the chat there: the message at the top of the screen and how far below the top it was.

export type ReadingPosition = { messageId: string; offset: number };

/** Per person and chat: two accounts in one tab never share a position. */
export const readingPositionKey = (userId: string, chatId: string) => `relay:reading:${userId}:${chatId}`;

/** What was stored, or null for nothing (or anything that is not a position). */
export function parseReadingPosition(raw: string | null): ReadingPosition | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { messageId, offset } = value as Record<string, unknown>;
    if (typeof messageId !== "string" || messageId.length === 0 || messageId.length > 64) return null;
    if (typeof offset !== "number" || !Number.isFinite(offset)) return null;
    return { messageId, offset: Math.round(offset) };
  } catch {
    return null;
  }
}

/**
 * What to keep for what is on screen: nothing at the newest of a live history (it reopens at
 * the newest, new messages included), else the topmost message and its offset.
 */
export function positionToKeep(view: { topmostId: string | null; offset: number; atNewest: boolean; live: boolean }): ReadingPosition | null {
  if ((view.live && view.atNewest) || view.topmostId === null) return null;
  return { messageId: view.topmostId, offset: Math.round(view.offset) };
}

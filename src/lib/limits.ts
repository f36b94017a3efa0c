// Bounds that the server enforces and the browser shows before it asks: one number each, so
// the two can never disagree.

/** Characters in one message (text, caption, or a support chat's first message). */
export const MESSAGE_MAX_LENGTH = 4000;
/** Characters of the original a reply quotes. */
export const QUOTE_LENGTH = 200;
/** Files on one message. */
export const MAX_ATTACHMENTS = 10;

/** Characters of search text: people (users.search), chats (chats.list), messages (messages.search). */
export const PEOPLE_QUERY_MAX = 50;
export const CHAT_QUERY_MAX = 100;
export const MESSAGE_QUERY_MAX = 200;

/** The timers a chat's disappearing messages may have, in seconds (null: off). */
export const DISAPPEARING_TIMERS = [30, 300, 3600, 86_400, 604_800, 2_419_200] as const;
export type DisappearingTimer = (typeof DISAPPEARING_TIMERS)[number];
/** One message's own disappearing time: 5 seconds to 4 weeks. */
export const MIN_EXPIRES_IN_SEC = 5;
export const MAX_EXPIRES_IN_SEC = 2_419_200;

/** The largest upload, from MAX_UPLOAD_MB (the server's setting; the browser receives it). */
export type UploadLimit = { maxUploadMb: number };

/** The limit as the server's environment sets it. */
export const uploadLimitFrom = (config: { MAX_UPLOAD_MB: number }): UploadLimit => ({ maxUploadMb: config.MAX_UPLOAD_MB });

export const uploadLimitBytes = ({ maxUploadMb }: UploadLimit) => maxUploadMb * 1024 * 1024;

/** Why `size` bytes may not be uploaded, or null when it may. */
export function uploadRefusal(size: number, limit: UploadLimit): string | null {
  return size > uploadLimitBytes(limit) ? `This file is larger than ${limit.maxUploadMb} MB.` : null;
}

/** A poll: its question, how many options (each of at most OPTION characters), a quiz's explanation. */
export const POLL_LIMITS = { QUESTION: 300, MIN_OPTIONS: 2, MAX_OPTIONS: 10, OPTION: 100, EXPLANATION: 200 } as const;

// Input schemas shared by the server (the source of truth for every bound) and the browser's
// forms. Bounds follow the product specification.
import { z } from "zod";
import {
  CHAT_QUERY_MAX,
  DISAPPEARING_TIMERS,
  MAX_ATTACHMENTS,
  MAX_EXPIRES_IN_SEC,
  MESSAGE_MAX_LENGTH,
  MESSAGE_QUERY_MAX,
  MIN_EXPIRES_IN_SEC,
  PEOPLE_QUERY_MAX,
  POLL_LIMITS,
} from "./limits";
import { isSticker } from "./stickers";
import { isSingleEmoji } from "./emoji";
import { safeJson, safeLine, safeText } from "./safe-text";
import { jsonValue } from "./json-value";
import { publicKey as securePublicKey, publishedPrekey, secureDeviceName, secureEnvelope } from "./secure/schema";

export const id = z.string().min(1).max(64).refine(...safeLine("An id"));
/** A list cursor as the server gave it out (opaque to clients). */
const cursor = z.string().max(200).refine(...safeLine("A cursor"));

export const username = z
  .string()
  .trim()
  .min(3, "Username must be at least 3 characters")
  .max(20, "Username must be at most 20 characters")
  .regex(/^[A-Za-z0-9_]+$/, "Username may contain only letters, digits and underscores");
export const firstName = z.string().trim().min(1, "First name is required").max(50, "First name must be at most 50 characters").refine(...safeLine("First name"));
export const lastName = z.string().trim().min(1, "Last name is required").max(50, "Last name must be at most 50 characters").refine(...safeLine("Last name"));
export const age = z
  .number({ error: "Age must be a whole number" })
  .int("Age must be a whole number")
  .min(13, "You must be at least 13")
  .max(120, "Age must be at most 120");
export const bio = z.string().trim().max(500, "Bio must be at most 500 characters").refine(...safeText("Bio"));
export const password = z
  .string()
  .min(6, "Password must be at least 6 characters")
  .max(128, "Password must be at most 128 characters")
  .refine(...safeLine("Password"));

export const registerInput = z.object({
  username,
  firstName,
  lastName,
  age,
  bio: bio.optional(),
  password,
});
export const loginInput = z.object({
  username: z.string().trim().min(1, "Enter your username").max(20).refine(...safeLine("Username")),
  // Not refined: a password is only ever hashed, and one set before the rule still signs in.
  password: z.string().min(1, "Enter your password").max(128),
});
export const updateMeInput = z
  .object({ firstName, lastName, bio: bio.nullable(), avatarFileId: id.nullable() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
export const searchUsersInput = z.object({
  q: z.string().trim().min(1, "Type at least one character").max(PEOPLE_QUERY_MAX).refine(...safeLine("Search text")),
  limit: z.number().int().min(1).max(50).default(20),
});

export const pageLimit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

export const chatType = z.enum(["direct", "group", "support", "context"], {
  error: "Type must be direct, group, support or context",
});
export const listChatsInput = z.object({
  cursor: cursor.nullish(),
  limit: pageLimit(100, 30),
  type: chatType.optional(),
  /** false (default): archived chats are hidden; true: only archived chats. */
  archived: z.boolean().default(false),
  /** A piece of the chat's title or of a member's name or username. */
  q: z.string().trim().max(CHAT_QUERY_MAX, `Search text must be at most ${CHAT_QUERY_MAX} characters`).refine(...safeLine("Search text")).optional(),
});
export const openDirectInput = z.object({ userId: id });
export const chatIdInput = z.object({ chatId: id });

export const messageContent = z
  .string()
  .refine((s) => s.trim().length > 0, "Message cannot be empty")
  .refine((s) => s.length <= MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine(...safeText("A message"));
export const clientId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "clientId may contain letters, digits, - and _");
export { MAX_ATTACHMENTS };
/**
 * kind "text" needs content; "contact" needs contactUserId and may carry a caption;
 * "attachment" needs 1–10 of the sender's uploads in `attachments` and may carry a caption (it
 * is the kind whenever attachments come without one); "voice" needs exactly one audio upload
 * and its durationSec; "sticker" needs a sticker id of our set. System messages are the
 * server's own.
 */
export const sendMessageInput = z
  .object({
    chatId: id,
    kind: z.enum(["text", "contact", "attachment", "voice", "sticker"]).optional(),
    content: z.string().max(MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`).refine(...safeText("A message")).optional(),
    contactUserId: id.optional(),
    attachments: z
      .array(id)
      .min(1, "Attach at least one file")
      .max(MAX_ATTACHMENTS, `Attach at most ${MAX_ATTACHMENTS} files to one message`)
      .refine((ids) => new Set(ids).size === ids.length, "A file is attached twice")
      .optional(),
    durationSec: z.number().int().min(0).max(24 * 3600).optional(),
    sticker: z.string().refine(isSticker, "That sticker is not in Relay's set").optional(),
    replyToId: id.optional(),
    clientId: clientId.optional(),
    /** Set: the message waits until then (1 minute to a year ahead), seen by its author only. */
    scheduledFor: z.coerce.date("Give the time to send it at").optional(),
    /** Set: this message disappears this many seconds after it is sent (instead of the chat's timer). */
    expiresInSec: z
      .number()
      .int("Give whole seconds")
      .min(MIN_EXPIRES_IN_SEC, `A message can disappear after ${MIN_EXPIRES_IN_SEC} seconds at the soonest`)
      .max(MAX_EXPIRES_IN_SEC, "A message can disappear after 4 weeks at the latest")
      .optional(),
  })
  .transform((input) => ({ ...input, kind: input.kind ?? (input.attachments ? "attachment" : "text") }))
  .superRefine((input, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const { kind } = input;
    if (kind === "text" && !input.content?.trim()) fail("content", "Message cannot be empty");
    if (kind === "contact" && !input.contactUserId) fail("contactUserId", "Choose the contact to share");
    if (kind !== "contact" && input.contactUserId) fail("contactUserId", "Only contact messages carry a contact");
    if ((kind === "attachment" || kind === "voice") && !input.attachments) fail("attachments", "Attach a file");
    if (kind !== "attachment" && kind !== "voice" && input.attachments) {
      fail("attachments", "Only attachment and voice messages carry files");
    }
    if (kind === "voice" && input.attachments && input.attachments.length !== 1) {
      fail("attachments", "A voice message is exactly one recording");
    }
    if (kind === "voice" && input.durationSec === undefined) fail("durationSec", "Give the recording's length");
    if (kind === "voice" && input.content?.trim()) fail("content", "Voice messages have no caption");
    if (kind === "sticker" && !input.sticker) fail("sticker", "Choose a sticker");
    if (kind !== "sticker" && input.sticker) fail("sticker", "Only sticker messages carry a sticker");
    if (kind === "sticker" && input.content?.trim()) fail("content", "Stickers have no caption");
  });
export const listMessagesInput = z
  .object({
    chatId: id,
    /** The last message id of the page before: the messages older than it, as every list takes its cursor. */
    cursor: id.nullish(),
    /** The same, under the name the API first gave it; still accepted. */
    before: id.nullish(),
    /** A page centred on this message: up to half the limit older, the message, up to half newer. */
    around: id.nullish(),
    /** The messages directly newer than this one (a page's `prevCursor`). */
    after: id.nullish(),
    limit: pageLimit(100, 50),
  })
  .refine(
    (input) => [input.cursor, input.before, input.around, input.after].filter((v) => v != null).length <= 1,
    "Give only one of cursor, before, around and after: each starts the page somewhere else",
  );
export const searchMessagesInput = z.object({
  /** Words, "exact phrases", -excluded words and operators: see src/lib/search-query.ts. */
  q: z
    .string()
    .trim()
    .min(1, "Type something to search for")
    .max(MESSAGE_QUERY_MAX, `Search text must be at most ${MESSAGE_QUERY_MAX} characters`)
    .refine(...safeLine("Search text")),
  /** Search this chat alone (the matches are then counted too). */
  chatId: id.optional(),
  cursor: cursor.nullish(),
  limit: pageLimit(50, 20),
  order: z.enum(["newest", "relevance"], { error: "Order must be newest or relevance" }).default("newest"),
  /** The searcher's time zone, as minutes east of UTC: where before:/after:/on: days begin. */
  utcOffsetMinutes: z.number().int().min(-840).max(840).default(0),
});
export const messageIdInput = z.object({ messageId: id });
export const markReadInput = z.object({ chatId: id, upToMessageId: id.optional() });
// A logged event's id, or for an ephemeral signal "<position>-<serial>" (see events/stream.ts).
export const eventStreamInput = z.object({ lastEventId: z.string().regex(/^\d{1,19}(?:-\d{1,20})?$/).nullish() });

export const editMessageInput = z.object({ messageId: id, content: messageContent });
export const scheduledMessagesInput = z.object({ chatId: id.optional() }).optional();
export const scheduledIdInput = z.object({ id });
export const editScheduledInput = z
  .object({
    id,
    /** A text's new text, or an attachment's new caption (empty: none). */
    content: z
      .string()
      .max(MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`)
      .refine(...safeText("A message"))
      .optional(),
    scheduledFor: z.coerce.date("Give the time to send it at").optional(),
  })
  .refine((input) => input.content !== undefined || input.scheduledFor !== undefined, "Change its text or its time");
export const deleteMessageInput = z.object({ messageId: id, scope: z.enum(["me", "everyone"]) });
export const forwardMessageInput = z.object({
  messageId: id,
  toChatIds: z.array(id).min(1, "Choose at least one chat").max(20, "Forward to at most 20 chats at once"),
});
export const pinMessageInput = z.object({ messageId: id, pinned: z.boolean() });
export const reportMessageInput = z.object({
  messageId: id,
  reason: z.string().trim().min(1, "Tell the moderators what is wrong").max(500, "Reason must be at most 500 characters").refine(...safeText("A reason")),
});
export const addReactionInput = z.object({
  messageId: id,
  emoji: z.string().refine(isSingleEmoji, "A reaction is one emoji"),
});
export const removeReactionInput = z.object({ messageId: id, reactionId: id });
const pollOption = z
  .string()
  .trim()
  .min(1, "An option cannot be empty")
  .max(POLL_LIMITS.OPTION, `An option must be at most ${POLL_LIMITS.OPTION} characters`)
  .refine(...safeLine("An option"));
/** A quiz is single choice: its `correctOptionIndex` counts from 0 into `options`. */
export const createPollInput = z
  .object({
    chatId: id,
    clientId: clientId.optional(),
    question: z
      .string()
      .trim()
      .min(1, "Ask a question")
      .max(POLL_LIMITS.QUESTION, `The question must be at most ${POLL_LIMITS.QUESTION} characters`)
      .refine(...safeText("The question")),
    options: z
      .array(pollOption)
      .min(POLL_LIMITS.MIN_OPTIONS, `Give at least ${POLL_LIMITS.MIN_OPTIONS} options`)
      .max(POLL_LIMITS.MAX_OPTIONS, `Give at most ${POLL_LIMITS.MAX_OPTIONS} options`)
      .refine((options) => new Set(options.map((o) => o.toLowerCase())).size === options.length, "Each option must be different"),
    multipleChoice: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    quiz: z
      .object({
        correctOptionIndex: z.number().int().min(0),
        explanation: z
          .string()
          .trim()
          .max(POLL_LIMITS.EXPLANATION, `The explanation must be at most ${POLL_LIMITS.EXPLANATION} characters`)
          .refine(...safeText("The explanation"))
          .optional(),
      })
      .optional(),
    closesAt: z.coerce.date().optional(),
  })
  .superRefine((input, ctx) => {
    const fail = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (input.quiz && input.multipleChoice) fail(["multipleChoice"], "A quiz has one right answer: it cannot be multiple choice");
    if (input.quiz && input.quiz.correctOptionIndex >= input.options.length) {
      fail(["quiz", "correctOptionIndex"], "Choose the right answer among the options");
    }
    if (input.closesAt && input.closesAt.getTime() <= Date.now()) fail(["closesAt"], "The closing time must be in the future");
  });
export const votePollInput = z.object({
  pollId: id,
  /** Empty: retract my vote. */
  optionIds: z
    .array(id)
    .max(POLL_LIMITS.MAX_OPTIONS, `Choose at most ${POLL_LIMITS.MAX_OPTIONS} options`)
    .refine((ids) => new Set(ids).size === ids.length, "An option is chosen twice"),
});
export const pollIdInput = z.object({ pollId: id });
export const pollVotersInput = z.object({
  pollId: id,
  optionId: id,
  /** The last voter's user id of the page before. */
  cursor: id.nullish(),
  limit: pageLimit(100, 50),
});
export const setTypingInput = z.object({ chatId: id, typing: z.boolean() });

const userIds = (what: string, min: number, max: number) =>
  z
    .array(id)
    .min(min, `Choose at least ${min} ${what}`)
    .max(max, `Choose at most ${max} ${what}`);
export const groupTitle = z
  .string()
  .trim()
  .min(1, "Give the group a title")
  .max(100, "Title must be at most 100 characters")
  .refine(...safeLine("A title"));
/** A JSON object a developer attaches to a group, at most 4 KB as JSON. */
export const chatMetadata = z
  .record(z.string(), jsonValue)
  .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= 4096, "Metadata must be at most 4 KB as JSON")
  .refine(...safeJson("Metadata"));
export const createGroupInput = z.object({
  title: groupTitle,
  memberIds: userIds("member", 1, 200),
  metadata: chatMetadata.optional(),
});
export const updateChatInput = z.object({ chatId: id, title: groupTitle });
export const setDisappearingInput = z.object({
  chatId: id,
  seconds: z
    .number()
    .int()
    .refine((s) => (DISAPPEARING_TIMERS as readonly number[]).includes(s), "Choose 30 seconds, 5 minutes, 1 hour, 1 day, 1 week or 4 weeks")
    .nullable(),
});
export const addMembersInput = z.object({ chatId: id, userIds: userIds("person to add", 1, 200) });
export const removeMemberInput = z.object({ chatId: id, userId: id });
export const setMemberRoleInput = z.object({
  chatId: id,
  userId: id,
  role: z.enum(["admin", "member"], { error: "Role must be admin or member" }),
});
export const archiveChatInput = z.object({ chatId: id, archived: z.boolean() });
export const openSupportInput = z
  .object({
    subject: z.string().trim().max(200, "Subject must be at most 200 characters").refine(...safeLine("A subject")).optional(),
    initialMessage: z
      .string()
      .max(MESSAGE_MAX_LENGTH, `Message must be at most ${MESSAGE_MAX_LENGTH} characters`)
      .refine((s) => s.trim().length > 0, "Message cannot be empty")
      .refine(...safeText("A message"))
      .optional(),
  })
  .default({});
export const openContextInput = z.object({
  contextType: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,39}$/,
      "Context type must be 1–40 lowercase letters, digits, - or _, starting with a letter or digit",
    ),
  contextId: z
    .string()
    .trim()
    .min(1, "Context id is required")
    .max(100, "Context id must be at most 100 characters")
    .refine(...safeLine("A context id")),
  memberIds: userIds("participant", 0, 50).default([]),
});

export const fileIdInput = z.object({ fileId: id });
export const chatFilesInput = z.object({
  chatId: id,
  kind: z.enum(["media", "audio", "docs"], { error: "kind must be media, audio or docs" }),
  cursor: cursor.nullish(),
  limit: pageLimit(100, 30),
});
export const musicInput = z
  .object({ cursor: id.nullish(), limit: pageLimit(100, 50) })
  .default({ limit: 50 });

export const revokeSessionInput = z.object({ sessionId: id });

// Secure messages (src/lib/secure): published keys and sealed envelopes, checked to the byte by
// the crypto module's own schemas.
export const registerDeviceInput = z.object({ name: secureDeviceName, identityKey: securePublicKey, prekey: publishedPrekey });
export const rotatePrekeyInput = z.object({ deviceId: id, prekey: publishedPrekey });
export const deviceIdInput = z.object({ deviceId: id });
export const sendSecureInput = z.object({ chatId: id, clientId, envelope: secureEnvelope, replyToId: id.optional() });
export const setSecureDefaultInput = z.object({ chatId: id, secure: z.boolean() });

// Web Push: a browser's subscription as PushSubscription.toJSON() gives it.
export const PUSH_ENDPOINT_MAX_LENGTH = 2048;
/**
 * The server posts to this URL, so it must be a push service's: https on a named host (no IP
 * address, no localhost, no credentials). Tests stand a local receiver in for the push service,
 * so under NODE_ENV=test plain http on 127.0.0.1 is accepted too.
 */
export function isPushEndpoint(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  if (url.username || url.password) return false;
  if (process.env.NODE_ENV === "test" && url.protocol === "http:" && url.hostname === "127.0.0.1") return true;
  const ipLiteral = /^[\d.]+$/.test(url.hostname) || url.hostname.startsWith("[");
  return url.protocol === "https:" && url.hostname.includes(".") && !ipLiteral && !/(^|\.)localhost$/i.test(url.hostname);
}
const pushEndpoint = z
  .string()
  .max(PUSH_ENDPOINT_MAX_LENGTH)
  .refine(isPushEndpoint, "Give the push service's https:// address from the browser's subscription");
/** base64url, padded or not, `min`–`max` characters (p256dh: a 65-byte key; auth: 16 bytes). */
const pushKey = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "Must be base64url");
export const pushSubscribeInput = z.object({
  endpoint: pushEndpoint,
  keys: z.object({ p256dh: pushKey(86, 90), auth: pushKey(16, 32) }),
});
export const pushUnsubscribeInput = z.object({ endpoint: pushEndpoint });

// The database schema. One source of truth: drizzle-kit generates `drizzle/` from this file.
import type { SecureEnvelope } from "../../lib/secure/schema";
import { newId } from "./ids";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => newId());
// Kept to the millisecond, a JavaScript Date's precision: a list's cursor carries the last row's
// created_at as a Date, and must name that row exactly (keyset.ts).
const createdAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: id(),
    username: text("username").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    age: integer("age").notNull(),
    bio: text("bio"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["user", "admin"] }).notNull().default("user"),
    bannedAt: timestamp("banned_at", { withTimezone: true }),
    // Why an admin banned the account: shown to the person when they are signed out or try to sign in.
    banReason: text("ban_reason"),
    // Presence: true while the user has an open live connection; lastSeenAt is when that last
    // changed (or when they were last active), for "last seen …".
    online: boolean("online").notNull().default(false),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    // An uploaded image (files.id); anyone signed in may fetch a file that is someone's avatar.
    avatarFileId: text("avatar_file_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Usernames are unique ignoring case.
    uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`),
    // Substring search over username and names (pg_trgm).
    index("users_search_trgm_idx").using(
      "gin",
      sql`(lower(${t.username} || ' ' || ${t.firstName} || ' ' || ${t.lastName})) gin_trgm_ops`,
    ),
    index("users_created_at_idx").on(t.createdAt.desc()),
    // The admin dashboard's "active in the last 24 hours".
    index("users_last_seen_at_idx").on(t.lastSeenAt),
    // "Is this file someone's avatar?" (avatars are visible to everyone signed in).
    index("users_avatar_file_id_idx").on(t.avatarFileId),
  ],
);

/** One row per signed-in device: a token names its session, so logout revokes exactly one. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // How it was started: next-auth's sign-in form ("browser") or auth.login/register ("api").
    // Rows from before this was recorded count as browsers, where nearly everyone signs in.
    kind: text("kind", { enum: ["browser", "api"] }).notNull().default("browser"),
    // The User-Agent at sign-in (cut short), for "Chrome on Linux" in the list of devices.
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    // When a request last carried its token, written at most once a minute (session-activity.ts).
    // Null for rows from before this was recorded: they show their createdAt.
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, precision: 3 }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

export const chats = pgTable(
  "chats",
  {
    id: id(),
    type: text("type", { enum: ["direct", "group", "support", "context"] }).notNull(),
    title: text("title"),
    // "<smaller user id>:<larger user id>" for direct chats: the database keeps one chat per pair.
    directKey: text("direct_key"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    // Free-form data a developer attaches to a group (e.g. an external id).
    metadata: jsonb("metadata"),
    // Context chats: the outside object they are about, and "<type>:<id>:<sorted member ids>",
    // which the database keeps unique so that racing opens make one chat.
    contextType: text("context_type"),
    contextId: text("context_id"),
    contextKey: text("context_key"),
    // Support chats: whose it is, what about, and when it was closed (a new one opens then).
    supportUserId: text("support_user_id").references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageId: text("last_message_id"),
    // The chat list's order, moved by every send. Not indexed on purpose: the list sorts only my
    // chats, and an index would cost every send (no HOT update of the chat row) and tempt the
    // planner to walk all chats newest first looking for mine, all of them when mine are quiet.
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    // Disappearing messages: a message sent while this is set expires this many seconds after
    // it was sent (null: off).
    disappearingSeconds: integer("disappearing_seconds"),
    // Direct chats: the composer starts locked (end-to-end encrypted) for both people.
    secureDefault: boolean("secure_default").notNull().default(false),
  },
  (t) => [
    uniqueIndex("chats_direct_key_idx").on(t.directKey),
    uniqueIndex("chats_context_key_idx").on(t.contextKey),
    // One open support chat per user.
    uniqueIndex("chats_open_support_idx")
      .on(t.supportUserId)
      .where(sql`${t.type} = 'support' AND ${t.closedAt} IS NULL`),
  ],
);

export const chatMembers = pgTable(
  "chat_members",
  {
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull().default("member"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    // Read state is a cursor: every message with seq <= lastReadSeq is read by this member.
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    // Likewise for delivery: every message with seq <= lastDeliveredSeq reached this member's
    // client (live or by fetching). Never below lastReadSeq.
    lastDeliveredSeq: integer("last_delivered_seq").notNull().default(0),
    // When lastReadSeq last moved (see read_marks for when each message was read).
    lastReadAt: timestamp("last_read_at", { withTimezone: true }),
    // Archive is per person: the chat leaves my list, not anyone else's.
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.userId] }),
    // My memberships: the chat list starts from them and sorts just my chats by their
    // activity, which stays on the chat row, so a send writes one row per chat, not per member.
    index("chat_members_user_idx").on(t.userId, t.chatId),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    // Per-chat sequence: orders history, pages it by keyset and makes gaps visible.
    seq: integer("seq").notNull(),
    senderId: text("sender_id").references(() => users.id, { onDelete: "set null" }),
    // "attachment": files with an optional caption in content; "voice": one recorded audio file;
    // "sticker": one of the stickers under public/stickers, named by `sticker`; "poll": the
    // question in content, the rest in polls.
    // "secure": end-to-end encrypted, the envelope in `secure` and content "" (nothing to search).
    kind: text("kind", { enum: ["text", "contact", "system", "attachment", "voice", "sticker", "poll", "secure"] })
      .notNull()
      .default("text"),
    content: text("content").notNull(),
    // The text as search compares it (lower case, accents removed; drizzle/0016), stored so
    // that checking a message's text costs no unaccent. Reads leave it out (`messageRow`).
    searchText: text("search_text").generatedAlwaysAs(sql`relay_search_text(content)`),
    clientId: text("client_id"),
    // A message of the same chat (checked on send); a deleted original leaves a tombstone.
    replyToId: text("reply_to_id"),
    // kind "contact": the user whose card this is.
    contactUserId: text("contact_user_id").references(() => users.id, { onDelete: "set null" }),
    // A forwarded copy names the original author, kept as written then.
    forwardedFromUserId: text("forwarded_from_user_id"),
    forwardedFromName: text("forwarded_from_name"),
    pinnedAt: timestamp("pinned_at", { withTimezone: true }),
    pinnedBy: text("pinned_by"),
    // kind "sticker": the sticker's id within our set.
    sticker: text("sticker"),
    // kind "voice": the recording's length as the recorder measured it (browser recordings
    // carry no duration in their container).
    durationSec: integer("duration_sec"),
    // A system line about a call ("Video call · 3:12") names the call.
    callId: text("call_id"),
    // kind "secure": the envelope as sent (ciphertext, wrapped keys, signature; see src/lib/secure).
    secure: jsonb("secure").$type<SecureEnvelope>(),
    // Sent by the scheduler: the time it was scheduled for (sent late when the server was down then).
    scheduledFor: timestamp("scheduled_for", { withTimezone: true, precision: 3 }),
    // A disappearing message: when it is deleted for everyone, row and all (jobs/message-expiry.ts).
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("messages_chat_seq_idx").on(t.chatId, t.seq),
    // A retried send carries the same client id: the database refuses a second row.
    uniqueIndex("messages_sender_client_id_idx").on(t.senderId, t.clientId),
    // The pinned list of a chat, newest pin first.
    index("messages_pinned_idx").on(t.chatId, t.pinnedAt.desc()).where(sql`${t.pinnedAt} IS NOT NULL`),
    // Admin: every message newest first (page by page), and messages per day.
    index("messages_created_at_idx").on(t.createdAt.desc(), t.id.desc()),
    // Admin: one person's messages newest first.
    index("messages_sender_created_at_idx").on(t.senderId, t.createdAt.desc(), t.id.desc()),
    // The expiry job's question: which messages are due to go, soonest first.
    index("messages_expires_at_idx").on(t.expiresAt).where(sql`${t.expiresAt} IS NOT NULL`),
    // Message search (services/search; the functions are in drizzle/0016 and 0018): words and
    // pieces of words by trigram over the folded text; phrases, short words and pieces of CJK
    // text by the words' positions.
    index("messages_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("messages_search_words_idx").using("gin", sql`relay_search_folded_words(${t.searchText})`),
    // Search across my chats, newest first: a week of my chats' messages at a time.
    index("messages_chat_created_at_idx").on(t.chatId, t.createdAt),
  ],
);

/**
 * The published keys of each device that takes part in secure messages: an Ed25519 identity
 * key and its signed X25519 prekey (replaced weekly). Only public keys: private keys never
 * leave the browser. A revoked device stays, so that what it sent can still be verified.
 */
export const secureDevices = pgTable(
  "secure_devices",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    identityKey: text("identity_key").notNull(),
    prekeyId: integer("prekey_id").notNull(),
    prekeyPublicKey: text("prekey_public_key").notNull(),
    prekeySignature: text("prekey_signature").notNull(),
    createdAt: createdAt(),
    // Null while active.
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("secure_devices_user_id_idx").on(t.userId),
    // One device per identity key, ever: a revoked device's keys cannot come back.
    uniqueIndex("secure_devices_identity_key_idx").on(t.identityKey),
  ],
);

/**
 * Messages waiting for their time, seen by their author only: the send as it will be made
 * (the client id included, so that the send can never happen twice), then its outcome. A sent
 * one stays as a record of what the scheduler did ("sent", with the message).
 */
export const scheduledMessages = pgTable(
  "scheduled_messages",
  {
    id: id(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["text", "contact", "attachment", "voice", "sticker"] }).notNull(),
    content: text("content").notNull().default(""),
    replyToId: text("reply_to_id"),
    attachmentIds: jsonb("attachment_ids").$type<string[]>().notNull().default([]),
    contactUserId: text("contact_user_id"),
    sticker: text("sticker"),
    durationSec: integer("duration_sec"),
    clientId: text("client_id").notNull(),
    // The message's own disappearing time, as asked for (the chat's timer applies otherwise).
    expiresInSec: integer("expires_in_sec"),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    state: text("state", { enum: ["scheduled", "sent", "failed"] }).notNull().default("scheduled"),
    failureReason: text("failure_reason"),
    messageId: text("message_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // The scheduler's question: what is due and not yet sent, soonest first.
    index("scheduled_messages_due_idx").on(t.dueAt).where(sql`${t.state} = 'scheduled'`),
    // "Mine", in one chat or all of them, soonest first.
    index("scheduled_messages_author_chat_idx").on(t.authorId, t.chatId, t.dueAt),
    // A retried schedule carries the same client id: one item.
    uniqueIndex("scheduled_messages_author_client_id_idx").on(t.authorId, t.clientId),
  ],
);

/** "Delete for me": the message stays for everyone else. */
export const hiddenMessages = pgTable(
  "hidden_messages",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

export const reactions = pgTable(
  "reactions",
  {
    id: id(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // One of each emoji per person per message; also serves "the reactions of these messages".
    uniqueIndex("reactions_message_user_emoji_idx").on(t.messageId, t.userId, t.emoji),
    index("reactions_created_at_idx").on(t.createdAt.desc()),
  ],
);

/**
 * A poll message's poll. Whether it is closed is read from closed_at or closes_at when it is
 * shown or voted on, so its close time needs no timer.
 */
export const polls = pgTable(
  "polls",
  {
    id: id(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    creatorId: text("creator_id").references(() => users.id, { onDelete: "set null" }),
    question: text("question").notNull(),
    multipleChoice: boolean("multiple_choice").notNull().default(false),
    // Nobody learns who voted for what, not even the creator or an admin.
    anonymous: boolean("anonymous").notNull().default(false),
    // A quiz: the position of its one right answer (null for a plain poll), and why it is right.
    correctPosition: integer("correct_position"),
    explanation: text("explanation"),
    closesAt: timestamp("closes_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    closedBy: text("closed_by"),
    // Moves by one with each vote and the closing, under the poll's row lock: a client keeps the
    // newest of the results it hears (a vote's answer and `poll:updated` may arrive either way round).
    revision: integer("revision").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("polls_message_id_idx").on(t.messageId)],
);

export const pollOptions = pgTable(
  "poll_options",
  {
    id: id(),
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
  },
  (t) => [uniqueIndex("poll_options_poll_position_idx").on(t.pollId, t.position)],
);

/**
 * One row per option a person chose. Counts are always counted from these rows (never kept in
 * a column), so votes landing at once cannot lose one.
 */
export const pollVotes = pgTable(
  "poll_votes",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    optionId: text("option_id")
      .notNull()
      .references(() => pollOptions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    // Counts per option, and each option's voters page by page.
    primaryKey({ columns: [t.pollId, t.optionId, t.userId] }),
    // "My vote", and how many people voted.
    index("poll_votes_poll_user_idx").on(t.pollId, t.userId),
  ],
);

/** Reports for moderators: one per person per message. */
export const messageReports = pgTable(
  "message_reports",
  {
    id: id(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    // The message as it read when reported: the evidence stays after it is edited or deleted.
    messageContent: text("message_content"),
    status: text("status", { enum: ["open", "dismissed", "resolved"] }).notNull().default("open"),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    // What the moderator did ("dismissed" status: dismiss; "resolved": delete or ban) and why.
    resolution: text("resolution", { enum: ["dismiss", "delete", "ban"] }),
    resolutionNote: text("resolution_note"),
  },
  (t) => [
    uniqueIndex("message_reports_message_reporter_idx").on(t.messageId, t.reporterId),
    // The moderators' queue: open reports, oldest first.
    index("message_reports_status_created_idx").on(t.status, t.createdAt),
    // Resolved reports, most recently resolved first.
    index("message_reports_resolved_at_idx").on(t.resolvedAt.desc()).where(sql`${t.resolvedAt} IS NOT NULL`),
  ],
);

/**
 * The durable event log behind `events.stream`: a reconnecting client resumes from its last
 * event id. Ids do not grow in commit order; events/positions.ts says how readers stay safe.
 */
export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    // Audience: every member of chat_id (but except_user_id), or the one user_id.
    chatId: text("chat_id"),
    userId: text("user_id"),
    exceptUserId: text("except_user_id"),
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("events_chat_id_idx").on(t.chatId, t.id),
    index("events_user_id_idx").on(t.userId, t.id),
  ],
);

/**
 * How far the event log has been pruned: every event with an id at or below `pruned_through`
 * is gone (one row). A client resuming from below it is told to refetch instead.
 */
export const eventLogHorizon = pgTable("event_log_horizon", {
  id: integer("id").primaryKey().default(1),
  prunedThrough: bigint("pruned_through", { mode: "number" }).notNull().default(0),
  prunedAt: timestamp("pruned_at", { withTimezone: true }),
});

/**
 * Every move of a member's read cursor, so "who read this message, and when" has an answer:
 * the first mark at or beyond the message's seq.
 */
export const readMarks = pgTable(
  "read_marks",
  {
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    upToSeq: integer("up_to_seq").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId, t.upToSeq] })],
);

/**
 * Uploaded files. The bytes live in a storage driver (local disk or UploadThing) under
 * storage_key; this row holds what was learned from them at upload: the type sniffed from the
 * bytes, size, sha256, image dimensions and audio tags.
 */
export const files = pgTable(
  "files",
  {
    id: id(),
    uploaderId: text("uploader_id").references(() => users.id, { onDelete: "set null" }),
    // The original name, sanitised: never a path.
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    // What the UI and the gallery group by, derived from mime_type.
    kind: text("kind", { enum: ["image", "video", "audio", "document"] }).notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storage: text("storage", { enum: ["local", "uploadthing"] }).notNull(),
    storageKey: text("storage_key").notNull(),
    // Derived files in the same storage: an image's thumbnail, an audio file's cover art.
    thumbnailKey: text("thumbnail_key"),
    coverKey: text("cover_key"),
    width: integer("width"),
    height: integer("height"),
    durationSec: integer("duration_sec"),
    // Audio tags: { title, artist, album, year } as read by music-metadata.
    audio: jsonb("audio").$type<{ title: string | null; artist: string | null; album: string | null; year: number | null }>(),
    metadataExtractedAt: timestamp("metadata_extracted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // "My uploads", and every audio file I uploaded (the music page).
    index("files_uploader_kind_idx").on(t.uploaderId, t.kind, t.createdAt.desc()),
    index("files_created_at_idx").on(t.createdAt.desc()),
  ],
);

/**
 * The files a message carries, in order. chat_id, seq and category are copied from the message
 * and the file so that one index serves a chat's gallery page by page; a row is also what lets
 * the chat's members fetch the file.
 */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    fileId: text("file_id")
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    // The gallery tab it belongs to: photos and videos, music, documents, or a voice note.
    category: text("category", { enum: ["media", "audio", "docs", "voice"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.position] }),
    index("message_attachments_gallery_idx").on(t.chatId, t.category, t.seq.desc(), t.position),
    // "May this person fetch this file?": the chats it was sent to.
    index("message_attachments_file_idx").on(t.fileId, t.chatId),
  ],
);

/** Audio and video calls of a direct chat, from ringing to their end. */
export const calls = pgTable(
  "calls",
  {
    id: id(),
    chatId: text("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    initiatorId: text("initiator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    calleeId: text("callee_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["audio", "video"] }).notNull(),
    status: text("status", { enum: ["ringing", "active", "ended", "rejected", "missed", "busy", "cancelled"] }).notNull(),
    createdAt: createdAt(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    // Seconds from the answer to the end; 0 for a call that never connected.
    durationSec: integer("duration_sec"),
  },
  (t) => [
    index("calls_chat_created_idx").on(t.chatId, t.createdAt.desc()),
    index("calls_initiator_created_idx").on(t.initiatorId, t.createdAt.desc()),
    index("calls_callee_created_idx").on(t.calleeId, t.createdAt.desc()),
    // "Is this person in a call right now?" (busy): the few calls still ringing or active.
    index("calls_live_initiator_idx").on(t.initiatorId).where(sql`${t.status} IN ('ringing', 'active')`),
    index("calls_live_callee_idx").on(t.calleeId).where(sql`${t.status} IN ('ringing', 'active')`),
  ],
);

/**
 * Every admin action: who, when, what and why. Append-only: written in the same transaction
 * as the action, never updated or deleted. Plain ids (no foreign keys), so the record outlives
 * the accounts and messages it names. Ids grow with time: pages are read by id, newest first.
 */
export const adminAuditLog = pgTable(
  "admin_audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: text("actor_id").notNull(),
    action: text("action", {
      enum: ["ban", "unban", "set_role", "disconnect", "delete_message", "resolve_report"],
    }).notNull(),
    targetUserId: text("target_user_id"),
    targetMessageId: text("target_message_id"),
    targetReportId: text("target_report_id"),
    reason: text("reason"),
    // Action details, e.g. { role: "admin" } or { resolution: "ban", reports: 3 }.
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>(),
    createdAt: createdAt(),
  },
);

/**
 * Messages sent per UTC day, for the admin dashboard: each day is counted once, after it has
 * ended, so totals and the chart read a row per day instead of every message. These are
 * messages sent: a day's count stays when its messages are later deleted with their chat.
 */
export const messageDayCounts = pgTable("message_day_counts", {
  day: date("day", { mode: "string" }).primaryKey(),
  count: integer("count").notNull(),
});

/**
 * The Relay instances serving live connections, each writing its heartbeat every few seconds.
 * One silent for too long is gone (killed, or cut off): any other instance removes it, and with
 * it the sockets it held (instance_sockets), taking their users offline.
 */
export const instances = pgTable("instances", {
  id: text("id").primaryKey(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * How many live connections each instance holds per user: a user is online while they have a
 * row here. Each instance writes only its own rows, under the user's row lock (presence.ts).
 */
export const instanceSockets = pgTable(
  "instance_sockets",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    count: integer("count").notNull(),
  },
  (t) => [
    // "Is this user connected anywhere?" reads the key's first column.
    primaryKey({ columns: [t.userId, t.instanceId] }),
    // Removing an instance removes its rows.
    index("instance_sockets_instance_idx").on(t.instanceId),
  ],
);

/**
 * A browser that asked for Web Push (push/subscriptions.ts): where its push service takes
 * messages for it, and the keys they are encrypted to. Bound to the session that subscribed,
 * so signing that session out stops its pushes.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // One row per browser subscription: subscribing again updates it.
    uniqueIndex("push_subscriptions_endpoint_idx").on(t.endpoint),
    // A message's recipients' subscriptions; a signed-out session's.
    index("push_subscriptions_user_id_idx").on(t.userId),
    index("push_subscriptions_session_id_idx").on(t.sessionId),
  ],
);

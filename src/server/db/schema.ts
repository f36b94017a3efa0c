// The database schema. One source of truth: drizzle-kit generates `drizzle/` from this file.
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import {
  bigint,
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
    .$defaultFn(() => createId());
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

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
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
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
    createdAt: createdAt(),
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
    createdAt: createdAt(),
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageId: text("last_message_id"),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("chats_direct_key_idx").on(t.directKey)],
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
    // The chat's last activity, copied onto each membership so that one index serves a user's
    // chat list page by page (the chats table alone would make every page sort all their chats).
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.userId] }),
    index("chat_members_user_activity_idx").on(t.userId, t.lastActivityAt.desc(), t.chatId.desc()),
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
    kind: text("kind", { enum: ["text", "system"] }).notNull().default("text"),
    content: text("content").notNull(),
    clientId: text("client_id"),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("messages_chat_seq_idx").on(t.chatId, t.seq),
    // A retried send carries the same client id: the database refuses a second row.
    uniqueIndex("messages_sender_client_id_idx").on(t.senderId, t.clientId),
  ],
);

/**
 * The durable event log behind `events.stream`: a reconnecting client resumes from its last
 * event id. Ids are assigned under a lock at commit time, so they grow in commit order.
 */
export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    // Audience: every member of chat_id, or the one user_id.
    chatId: text("chat_id"),
    userId: text("user_id"),
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("events_chat_id_idx").on(t.chatId, t.id), index("events_user_id_idx").on(t.userId, t.id)],
);

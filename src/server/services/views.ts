// What leaves the server. Every response is built here from database rows, so a password
// hash, a token or another user's private field can never ride along by accident.
import type { InferSelectModel } from "drizzle-orm";
import type { messages, users } from "@/server/db/schema";

type UserRow = InferSelectModel<typeof users>;
type MessageRow = InferSelectModel<typeof messages>;

export type PublicUser = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  bio: string | null;
  role: "user" | "admin";
  lastSeenAt: string | null;
  createdAt: string;
};

/** The signed-in user's own profile: public fields plus the private ones. */
export type OwnProfile = PublicUser & { age: number };

export type MessageView = {
  id: string;
  chatId: string;
  seq: number;
  senderId: string | null;
  kind: "text" | "system";
  content: string;
  /** The id the sender's client generated, so its optimistic copy can be matched. */
  clientId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export type ChatMemberView = { user: PublicUser; role: "owner" | "admin" | "member"; lastReadSeq: number };

export type ChatSummary = {
  id: string;
  type: "direct" | "group" | "support" | "context";
  title: string;
  /** The other person of a direct chat. */
  peer: PublicUser | null;
  myRole: "owner" | "admin" | "member";
  lastMessage: MessageView | null;
  lastActivityAt: string;
  unreadCount: number;
  /** The highest seq any other member has read: my messages up to it show as read. */
  peerReadSeq: number;
  createdAt: string;
};

export const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    bio: row.bio,
    role: row.role,
    lastSeenAt: isoOrNull(row.lastSeenAt),
    createdAt: iso(row.createdAt),
  };
}

export function toOwnProfile(row: UserRow): OwnProfile {
  return { ...toPublicUser(row), age: row.age };
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    chatId: row.chatId,
    seq: row.seq,
    senderId: row.senderId,
    kind: row.kind,
    content: row.content,
    clientId: row.clientId,
    createdAt: iso(row.createdAt),
    editedAt: isoOrNull(row.editedAt),
    deletedAt: isoOrNull(row.deletedAt),
  };
}

export function displayName(user: Pick<PublicUser, "firstName" | "lastName">): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

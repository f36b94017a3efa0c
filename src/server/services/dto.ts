// The response shapes shared across services (people, files, messages, chats) and the
// builders of people and files from their rows: those copy field by field, so a password
// hash, a token or another user's private field cannot ride along. Messages and chats are
// assembled in messages/hydration.ts and chats/summary.ts; other shapes live with their service.
import type { InferSelectModel } from "drizzle-orm";
import type { files, users } from "@/server/db/schema";
import type { SecureEnvelope } from "@/lib/secure/schema";

type UserRow = InferSelectModel<typeof users>;
type FileRow = InferSelectModel<typeof files>;

export type PublicUser = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  bio: string | null;
  role: "user" | "admin";
  /** Has a live connection open right now. */
  online: boolean;
  lastSeenAt: string | null;
  /** The avatar image (GET it like any file), or null for initials. */
  avatarUrl: string | null;
  createdAt: string;
};

/** The signed-in user's own profile: public fields plus the private ones. */
export type OwnProfile = PublicUser & { age: number };

/** The quoted original of a reply, as much of it as a quote shows. */
export type ReplyPreview = {
  id: string;
  senderId: string | null;
  senderName: string | null;
  kind: MessageKind;
  /** Empty once the original is deleted. */
  content: string;
  deleted: boolean;
  /** The original disappeared (its timer ran out): nothing of it is left but its id. */
  expired: boolean;
};

export type MessageKind = "text" | "contact" | "system" | "attachment" | "voice" | "sticker" | "poll" | "secure";

/** An uploaded file as a client sees it; `url` and the derived urls are GET-able by whoever may see it. */
export type FileView = {
  id: string;
  name: string;
  mimeType: string;
  kind: "image" | "video" | "audio" | "document";
  size: number;
  url: string;
  /** Images: a small webp for lists and bubbles. */
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  /** Audio: the tags read from the file, and its cover art if it has one. */
  audio: { title: string | null; artist: string | null; album: string | null; year: number | null; coverUrl: string | null } | null;
  createdAt: string;
};

/** One emoji's reactions on a message: who, how many, and the caller's own (to remove it). */
export type ReactionGroup = {
  emoji: string;
  count: number;
  userIds: string[];
  reactedByMe: boolean;
  myReactionId: string | null;
};

export type Reaction = { id: string; emoji: string; userId: string };

/** A message as everyone in the chat sees it; reactions are added per viewer (MessageView). */
export type MessageCore = {
  id: string;
  chatId: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  /** The text, a contact's caption, or a system line; empty once deleted for everyone. */
  content: string;
  /** The id the sender's client generated, so its optimistic copy can be matched. */
  clientId: string | null;
  replyTo: ReplyPreview | null;
  /** kind "contact": the shared profile (null if that account is gone). */
  contact: PublicUser | null;
  /** kinds "attachment" and "voice": the files, in order (empty once deleted for everyone). */
  attachments: FileView[];
  /** kind "sticker": its id in Relay's set (public/stickers/<id>.svg). */
  sticker: string | null;
  /** kind "voice": the recording's length in seconds. */
  durationSec: number | null;
  /** A system line about a call names the call. */
  callId: string | null;
  /** kind "secure": the sealed envelope as sent (content is ""); null once deleted for everyone. */
  secure: SecureEnvelope | null;
  /** Sent by the scheduler: the time it was due, and whether it went out late (the server was down then). */
  scheduled: { for: string; late: boolean } | null;
  forwardedFrom: { userId: string | null; name: string } | null;
  pinnedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  /** Until when the author may edit it; null when it can never be edited. */
  editableUntil: string | null;
  deletedAt: string | null;
  /** A disappearing message: when it goes, for everyone. */
  expiresAt: string | null;
};

/** What every member may know of a poll's results: counts only, as `poll:updated` carries them. */
export type PollCounts = {
  counts: { optionId: string; votes: number }[];
  totalVoters: number;
  closed: boolean;
  /** A quiz's answer, once it is closed (before, only those who answered see it). */
  correctOptionId: string | null;
  explanation: string | null;
  /** Grows with every vote and the closing: of two copies of a poll, the higher is newer. */
  revision: number;
};

/** One option of a poll with its count; `percent` is of the poll's voters, rounded. */
export type PollOptionView = { id: string; text: string; votes: number; percent: number };

/**
 * A poll as one viewer sees it: counts for everyone, `myChoice` for the viewer only. A quiz's
 * answer (`correctOptionId`, `explanation`) shows once the viewer has voted or the poll closed.
 * Who voted for what is never here (see polls.voters, refused for anonymous polls).
 */
export type PollView = {
  id: string;
  messageId: string;
  chatId: string;
  creatorId: string | null;
  question: string;
  multipleChoice: boolean;
  anonymous: boolean;
  quiz: boolean;
  options: PollOptionView[];
  totalVoters: number;
  myChoice: string[];
  closed: boolean;
  closesAt: string | null;
  closedAt: string | null;
  correctOptionId: string | null;
  explanation: string | null;
  /** Grows with every vote and the closing: of two copies of a poll, the higher is newer. */
  revision: number;
};

/**
 * A message as one viewer sees it: the shared core plus what differs per viewer (their own
 * reactions, and a poll message's poll with their vote).
 */
export type MessageView = MessageCore & { reactions: ReactionGroup[]; poll: PollView | null };

/**
 * A message waiting for its time, as its author (its only viewer) sees it: the message it will
 * be (seq 0 until sent; its id is the item's), and where it stands. "failed": it was not sent
 * (see failureReason); it waits for a new time, a send now or a cancel.
 */
export type ScheduledMessageView = MessageView & {
  schedule: { scheduledFor: string; state: "scheduled" | "failed"; failureReason: string | null; updatedAt: string };
};

export type ChatMemberView = {
  user: PublicUser;
  role: "owner" | "admin" | "member";
  lastReadSeq: number;
  lastDeliveredSeq: number;
  joinedAt: string;
};

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
  /** Likewise for delivery: my messages up to it reached another member's client. */
  peerDeliveredSeq: number;
  /** Context chats: the outside object the chat is about. */
  context: { type: string; id: string } | null;
  /** Support chats: what it is about, as the user put it. */
  subject: string | null;
  memberCount: number;
  /** Archived by me (archive is per person). */
  archived: boolean;
  /** Disappearing messages: the chat's timer in seconds, or null when off. */
  disappearingSeconds: number | null;
  createdAt: string;
};

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    bio: row.bio,
    role: row.role,
    online: row.online,
    lastSeenAt: isoOrNull(row.lastSeenAt),
    avatarUrl: row.avatarFileId ? fileUrl(row.avatarFileId) : null,
    createdAt: iso(row.createdAt),
  };
}

export const fileUrl = (fileId: string) => `/api/files/${fileId}`;

export function toFileView(row: FileRow): FileView {
  const url = fileUrl(row.id);
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mimeType,
    kind: row.kind,
    size: row.size,
    url,
    thumbnailUrl: row.thumbnailKey ? `${url}/thumbnail` : null,
    width: row.width,
    height: row.height,
    durationSec: row.durationSec,
    audio: row.audio ? { ...row.audio, coverUrl: row.coverKey ? `${url}/cover` : null } : null,
    createdAt: iso(row.createdAt),
  };
}

export function toOwnProfile(row: UserRow): OwnProfile {
  return { ...toPublicUser(row), age: row.age };
}

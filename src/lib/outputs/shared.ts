import { z } from "zod";
import { secureEnvelope } from "@/lib/secure/schema";
import { obj } from "./object";

/** A secure message's envelope: ciphertext, the content key wrapped per device, the sender device's signature. */
const secureEnvelopeView = secureEnvelope.meta({ id: "SecureEnvelope" });

export const publicUser = obj({
  id: z.string(),
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  bio: z.string().nullable(),
  role: z.enum(["user", "admin"]),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "PublicUser" });

/** The signed-in user's own profile: the public fields and the private ones. */
export const ownProfile = publicUser.extend({ age: z.number() }).meta({ id: "OwnProfile" });

export const messageKind = z.enum(["text", "contact", "attachment", "voice", "sticker", "system", "poll", "secure"]).meta({ id: "MessageKind" });

export const replyPreview = obj({
  id: z.string(),
  senderId: z.string().nullable(),
  senderName: z.string().nullable(),
  kind: messageKind,
  content: z.string(),
  deleted: z.boolean(),
  expired: z.boolean(),
}).meta({ id: "ReplyPreview" });

export const fileView = obj({
  id: z.string(),
  name: z.string(),
  mimeType: z.string(),
  kind: z.enum(["audio", "video", "image", "document"]),
  size: z.number(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  durationSec: z.number().nullable(),
  audio: obj({
    title: z.string().nullable(),
    artist: z.string().nullable(),
    album: z.string().nullable(),
    year: z.number().nullable(),
    coverUrl: z.string().nullable(),
  }).nullable(),
  createdAt: z.string(),
}).meta({ id: "FileView" });

export const reactionGroup = obj({
  emoji: z.string(),
  count: z.number(),
  userIds: z.array(z.string()),
  reactedByMe: z.boolean(),
  myReactionId: z.string().nullable(),
}).meta({ id: "ReactionGroup" });

export const pollOptionView = obj({
  id: z.string(),
  text: z.string(),
  votes: z.number(),
  percent: z.number(),
}).meta({ id: "PollOptionView" });

export const pollView = obj({
  id: z.string(),
  messageId: z.string(),
  chatId: z.string(),
  creatorId: z.string().nullable(),
  question: z.string(),
  multipleChoice: z.boolean(),
  anonymous: z.boolean(),
  quiz: z.boolean(),
  options: z.array(pollOptionView),
  totalVoters: z.number(),
  myChoice: z.array(z.string()),
  closed: z.boolean(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  correctOptionId: z.string().nullable(),
  explanation: z.string().nullable(),
  revision: z.number(),
}).meta({ id: "PollView" });

export const messageView = obj({
  id: z.string(),
  chatId: z.string(),
  seq: z.number(),
  senderId: z.string().nullable(),
  kind: messageKind,
  content: z.string(),
  clientId: z.string().nullable(),
  replyTo: replyPreview.nullable(),
  contact: publicUser.nullable(),
  attachments: z.array(fileView),
  sticker: z.string().nullable(),
  durationSec: z.number().nullable(),
  callId: z.string().nullable(),
  secure: secureEnvelopeView.nullable(),
  scheduled: obj({ for: z.string(), late: z.boolean() }).nullable(),
  forwardedFrom: obj({ userId: z.string().nullable(), name: z.string() }).nullable(),
  pinnedAt: z.string().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  editableUntil: z.string().nullable(),
  deletedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  reactions: z.array(reactionGroup),
  poll: pollView.nullable(),
}).meta({ id: "MessageView" });

export const deleteResult = obj({
  messageId: z.string(),
  scope: z.enum(["me", "everyone"]),
  deletedAt: z.string(),
}).meta({ id: "DeleteResult" });

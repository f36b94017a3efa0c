import { z } from "zod";
import { obj, jsonValue } from "./object";
import { fileView, messageView, publicUser } from "./shared";

export const chatSummary = obj({
  id: z.string(),
  type: z.enum(["direct", "group", "support", "context"]),
  title: z.string(),
  peer: publicUser.nullable(),
  myRole: z.enum(["member", "admin", "owner"]),
  lastMessage: messageView.nullable(),
  lastActivityAt: z.string(),
  unreadCount: z.number(),
  peerReadSeq: z.number(),
  peerDeliveredSeq: z.number(),
  context: obj({ type: z.string(), id: z.string() }).nullable(),
  subject: z.string().nullable(),
  memberCount: z.number(),
  archived: z.boolean(),
  disappearingSeconds: z.number().nullable(),
  createdAt: z.string(),
}).meta({ id: "ChatSummary" });

export const chatMemberView = obj({
  user: publicUser,
  role: z.enum(["member", "admin", "owner"]),
  lastReadSeq: z.number(),
  lastDeliveredSeq: z.number(),
  joinedAt: z.string(),
}).meta({ id: "ChatMemberView" });

export const chatInfo = chatSummary
  .extend({
    members: z.array(chatMemberView),
    messageCount: z.number(),
    /** The oldest message from someone else after my read cursor: where the chat opens for me. */
    firstUnreadId: z.string().nullable(),
    metadata: z.record(z.string(), jsonValue).nullable(),
    /** Direct chats: new messages start end-to-end encrypted (chats.setSecureDefault). */
    secureDefault: z.boolean(),
  })
  .meta({ id: "ChatInfo" });

export const chatStats = obj({ totalChats: z.number(), totalMessages: z.number(), totalUnread: z.number() }).meta({ id: "ChatStats" });

export const galleryItem = obj({
  file: fileView,
  messageId: z.string(),
  seq: z.number(),
  senderId: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: "GalleryItem" });

/** What each chats procedure answers. */
export const chatsOutputs = {
  list: obj({ items: z.array(chatSummary), nextCursor: z.string().nullable() }),
  openDirect: chatSummary,
  createGroup: chatSummary,
  openSupport: chatSummary,
  openContext: chatSummary,
  info: chatInfo,
  update: chatSummary,
  archive: chatSummary,
  addMembers: chatInfo,
  removeMember: chatInfo,
  setMemberRole: chatInfo,
  setDisappearing: chatInfo,
  leave: obj({ chatId: z.string(), deleted: z.boolean() }),
  delete: obj({ chatId: z.string(), deleted: z.literal(true) }),
  stats: chatStats,
  files: obj({ items: z.array(galleryItem), nextCursor: z.string().nullable() }),
  setTyping: obj({ typing: z.boolean(), expiresAt: z.string().nullable() }),
  setSecureDefault: obj({ ok: z.literal(true) }),
};

import { z } from "zod";
import { obj } from "./object";
import { deleteResult, messageView, publicUser } from "./shared";

export const messagePage = obj({
  items: z.array(messageView),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
}).meta({ id: "MessagePage" });

export const scheduledMessageView = messageView
  .extend({
    schedule: obj({
      scheduledFor: z.string(),
      state: z.enum(["scheduled", "failed"]),
      failureReason: z.string().nullable(),
      updatedAt: z.string(),
    }),
  })
  .meta({ id: "ScheduledMessageView" });

export const messageReceipt = obj({
  user: publicUser,
  delivered: z.boolean(),
  readAt: z.string().nullable(),
}).meta({ id: "MessageReceipt" });

export const reportReceipt = obj({
  id: z.string(),
  messageId: z.string(),
  reason: z.string(),
  createdAt: z.string(),
}).meta({ id: "ReportReceipt" });

export const snippetPart = obj({ text: z.string(), match: z.boolean() }).meta({ id: "SnippetPart" });

export const messageSearchHit = obj({
  message: messageView,
  sender: obj({
    username: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    id: z.string(),
    avatarUrl: z.string().nullable(),
  }).nullable(),
  chat: obj({
    type: z.enum(["direct", "group", "support", "context"]),
    title: z.string(),
    id: z.string(),
    avatarUrl: z.string().nullable(),
    peerId: z.string().nullable(),
  }),
  snippet: z.array(snippetPart),
}).meta({ id: "MessageSearchHit" });

export const messageSearchResult = obj({
  items: z.array(messageSearchHit),
  nextCursor: z.string().nullable(),
  total: z.number().nullable(),
}).meta({ id: "MessageSearchResult" });

/** What each messages procedure answers. */
export const messagesOutputs = {
  list: messagePage,
  send: z.union([messageView, scheduledMessageView]),
  sendSecure: obj({ message: messageView }),
  byId: messageView,
  edit: messageView,
  delete: deleteResult,
  forward: z.array(messageView),
  pin: messageView,
  pinned: z.array(messageView),
  markRead: obj({ modifiedCount: z.number(), lastReadSeq: z.number() }),
  receipts: z.array(messageReceipt),
  report: reportReceipt,
  search: messageSearchResult,
  scheduled: z.array(scheduledMessageView),
  editScheduled: scheduledMessageView,
  cancelScheduled: obj({ id: z.string() }),
  sendScheduledNow: messageView,
};

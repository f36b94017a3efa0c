import { z } from "zod";
import { obj } from "./object";
import { deleteResult } from "./shared";

export const adminUserView = obj({
  id: z.string(),
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(["user", "admin"]),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
  bannedAt: z.string().nullable(),
  banReason: z.string().nullable(),
}).meta({ id: "AdminUserView" });

export const adminStats = obj({
  users: z.number(),
  activeUsers24h: z.number(),
  chats: z.number(),
  messages: z.number(),
  files: z.number(),
  storageBytes: z.number(),
  liveConnections: z.number(),
  messagesPerDay: z.array(obj({ day: z.string(), count: z.number() })),
  newestUsers: z.array(adminUserView),
}).meta({ id: "AdminStats" });

export const adminChatRef = obj({
  id: z.string(),
  type: z.enum(["direct", "group", "support", "context"]),
  title: z.string(),
}).meta({ id: "AdminChatRef" });

export const person = obj({ id: z.string(), username: z.string(), firstName: z.string(), lastName: z.string() }).meta({ id: "Person" });

export const adminMessageView = obj({
  id: z.string(),
  seq: z.number(),
  chat: adminChatRef,
  sender: person.nullable(),
  kind: z.enum(["text", "contact", "attachment", "voice", "sticker", "system", "poll", "secure"]),
  content: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
}).meta({ id: "AdminMessageView" });

export const adminReactionView = obj({
  id: z.string(),
  emoji: z.string(),
  createdAt: z.string(),
  user: person,
  message: obj({ id: z.string(), content: z.string(), deletedAt: z.string().nullable() }),
  chat: adminChatRef,
}).meta({ id: "AdminReactionView" });

export const resolution = z.enum(["delete", "ban", "dismiss"]).meta({ id: "Resolution" });

export const reportItem = obj({
  reportId: z.string(),
  message: adminMessageView,
  reportedContent: z.string().nullable(),
  context: z.array(adminMessageView),
  reports: z.array(obj({ id: z.string(), reporter: person.nullable(), reason: z.string(), createdAt: z.string() })),
  resolution: obj({ action: resolution, note: z.string().nullable(), by: person.nullable(), at: z.string() }).nullable(),
}).meta({ id: "ReportItem" });

export const auditView = obj({
  id: z.string(),
  at: z.string(),
  action: z.enum(["ban", "unban", "disconnect", "set_role", "delete_message", "resolve_report"]),
  actor: person.nullable(),
  targetUser: person.nullable(),
  targetMessageId: z.string().nullable(),
  targetReportId: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.union([z.boolean(), z.string(), z.number()]).nullable()).nullable(),
}).meta({ id: "AuditView" });

/** What each admin procedure answers. */
export const adminOutputs = {
  stats: adminStats,
  users: obj({ items: z.array(adminUserView), nextCursor: z.string().nullable() }),
  ban: adminUserView,
  unban: adminUserView,
  setRole: adminUserView,
  disconnect: obj({ closed: z.number() }),
  messages: obj({ items: z.array(adminMessageView), nextCursor: z.string().nullable() }),
  deleteMessage: deleteResult,
  reactions: obj({ items: z.array(adminReactionView), nextCursor: z.string().nullable() }),
  reports: obj({ items: z.array(reportItem), nextCursor: z.string().nullable() }),
  resolveReport: obj({ reportId: z.string(), messageId: z.string(), action: resolution, resolvedReports: z.number() }),
  auditLog: obj({ items: z.array(auditView), nextCursor: z.string().nullable() }),
};

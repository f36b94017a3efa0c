// Input schemas of the admin API, shared by the server (the source of truth for every bound)
// and the dashboard's forms.
import { z } from "zod";
import { safeLine, safeText } from "./safe-text";
import { id } from "./validators";

export const REASON_MAX = 500;

/** Why an admin acts: shown to the person concerned and kept in the audit log. */
export const reason = z
  .string()
  .trim()
  .min(1, "Give a reason")
  .max(REASON_MAX, `A reason must be at most ${REASON_MAX} characters`)
  .refine(...safeText("A reason"));

const cursor = z.string().max(200).refine(...safeLine("A cursor")).nullish();
const limit = z.number().int().min(1).max(100).default(25);
const query = z.string().trim().max(100, "Search at most 100 characters").refine(...safeLine("Search text")).optional();

export const adminUsersInput = z.object({
  q: query,
  role: z.enum(["user", "admin"]).optional(),
  banned: z.boolean().optional(),
  cursor,
  limit,
});
export const banInput = z.object({ userId: id, reason });
export const unbanInput = z.object({ userId: id, reason: reason.optional() });
export const userIdInput = z.object({ userId: id });
export const setRoleInput = z.object({ userId: id, role: z.enum(["user", "admin"]) });

export const adminMessagesInput = z.object({
  q: query,
  chatId: id.optional(),
  userId: id.optional(),
  cursor,
  limit,
});
export const adminDeleteMessageInput = z.object({ messageId: id, reason });
export const pageInput = z.object({ cursor, limit });

export const reportsInput = z.object({ status: z.enum(["open", "resolved"]).default("open"), cursor, limit });
export const resolveReportInput = z.object({
  reportId: id,
  action: z.enum(["dismiss", "delete", "ban"]),
  note: z
    .string()
    .trim()
    .max(REASON_MAX, `A note must be at most ${REASON_MAX} characters`)
    .refine(...safeText("A note"))
    .optional(),
});

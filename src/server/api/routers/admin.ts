import {
  adminDeleteMessageInput,
  adminMessagesInput,
  adminUsersInput,
  banInput,
  pageInput,
  reportsInput,
  resolveReportInput,
  setRoleInput,
  unbanInput,
  userIdInput,
} from "@/lib/admin-validators";
import { auditLog } from "@/server/services/admin/audit";
import { deleteMessageAsAdmin, listMessages, listReactions } from "@/server/services/admin/messages";
import { listReports, resolveReport } from "@/server/services/admin/reports";
import { adminStats } from "@/server/services/admin/stats";
import { banUser, disconnectUser, listUsers, setRole, unbanUser } from "@/server/services/admin/users";
import { adminProcedure, createTRPCRouter } from "../trpc";

// Lists may be called without input: `.prefault({})` fills in every default (status "open", 25 a page).
export const adminRouter = createTRPCRouter({
  stats: adminProcedure.query(({ ctx }) => adminStats(ctx.db)),
  users: adminProcedure.input(adminUsersInput.prefault({})).query(({ ctx, input }) => listUsers(ctx.db, input)),
  ban: adminProcedure.input(banInput).mutation(({ ctx, input }) => banUser(ctx, ctx.user, input)),
  unban: adminProcedure.input(unbanInput).mutation(({ ctx, input }) => unbanUser(ctx, ctx.user, input)),
  setRole: adminProcedure.input(setRoleInput).mutation(({ ctx, input }) => setRole(ctx, ctx.user, input)),
  disconnect: adminProcedure.input(userIdInput).mutation(({ ctx, input }) => disconnectUser(ctx, ctx.user, input.userId)),
  messages: adminProcedure.input(adminMessagesInput.prefault({})).query(({ ctx, input }) => listMessages(ctx.db, input)),
  deleteMessage: adminProcedure
    .input(adminDeleteMessageInput)
    .mutation(({ ctx, input }) => deleteMessageAsAdmin(ctx, ctx.user, input)),
  reactions: adminProcedure.input(pageInput.prefault({})).query(({ ctx, input }) => listReactions(ctx.db, input)),
  reports: adminProcedure.input(reportsInput.prefault({})).query(({ ctx, input }) => listReports(ctx.db, input)),
  resolveReport: adminProcedure.input(resolveReportInput).mutation(({ ctx, input }) => resolveReport(ctx, ctx.user, input)),
  auditLog: adminProcedure.input(pageInput.prefault({})).query(({ ctx, input }) => auditLog(ctx.db, input)),
});

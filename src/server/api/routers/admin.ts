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
import { adminOutputs } from "@/lib/outputs/admin";
import { adminProcedure, createTRPCRouter } from "../trpc";

// Lists may be called without input: `.prefault({})` fills in every default (status "open", 25 a page).
export const adminRouter = createTRPCRouter({
  stats: adminProcedure.output(adminOutputs.stats).query(({ ctx }) => adminStats(ctx.db)),
  users: adminProcedure.input(adminUsersInput.prefault({})).output(adminOutputs.users).query(({ ctx, input }) => listUsers(ctx.db, input)),
  ban: adminProcedure.input(banInput).output(adminOutputs.ban).mutation(({ ctx, input }) => banUser(ctx, ctx.user, input)),
  unban: adminProcedure.input(unbanInput).output(adminOutputs.unban).mutation(({ ctx, input }) => unbanUser(ctx, ctx.user, input)),
  setRole: adminProcedure.input(setRoleInput).output(adminOutputs.setRole).mutation(({ ctx, input }) => setRole(ctx, ctx.user, input)),
  disconnect: adminProcedure.input(userIdInput).output(adminOutputs.disconnect).mutation(({ ctx, input }) => disconnectUser(ctx, ctx.user, input.userId)),
  messages: adminProcedure.input(adminMessagesInput.prefault({})).output(adminOutputs.messages).query(({ ctx, input }) => listMessages(ctx.db, input)),
  deleteMessage: adminProcedure
    .input(adminDeleteMessageInput)
    .output(adminOutputs.deleteMessage)
    .mutation(({ ctx, input }) => deleteMessageAsAdmin(ctx, ctx.user, input)),
  reactions: adminProcedure.input(pageInput.prefault({})).output(adminOutputs.reactions).query(({ ctx, input }) => listReactions(ctx.db, input)),
  reports: adminProcedure.input(reportsInput.prefault({})).output(adminOutputs.reports).query(({ ctx, input }) => listReports(ctx.db, input)),
  resolveReport: adminProcedure.input(resolveReportInput).output(adminOutputs.resolveReport).mutation(({ ctx, input }) => resolveReport(ctx, ctx.user, input)),
  auditLog: adminProcedure.input(pageInput.prefault({})).output(adminOutputs.auditLog).query(({ ctx, input }) => auditLog(ctx.db, input)),
});

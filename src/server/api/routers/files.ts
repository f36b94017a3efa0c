import { fileIdInput } from "@/lib/validators";
import { fileById, refreshFileMetadata } from "@/server/services/media/files";
import { createTRPCRouter, protectedProcedure } from "../trpc";

// Upload and download are plain HTTP (POST /api/files, GET /api/files/:id); these describe a file.
export const filesRouter = createTRPCRouter({
  byId: protectedProcedure.input(fileIdInput).query(({ ctx, input }) => fileById(ctx.db, ctx.user.id, input.fileId)),
  extractMetadata: protectedProcedure
    .input(fileIdInput)
    .mutation(({ ctx, input }) => refreshFileMetadata(ctx, ctx.user.id, input.fileId)),
});

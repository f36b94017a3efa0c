import { fileIdInput } from "@/lib/validators";
import { fileById, refreshFileMetadata } from "@/server/services/media/files";
import { filesOutputs } from "@/lib/outputs/files";
import { createTRPCRouter, protectedProcedure } from "../trpc";

// Upload and download are plain HTTP (POST /api/files, GET /api/files/:id); these describe a file.
export const filesRouter = createTRPCRouter({
  byId: protectedProcedure.input(fileIdInput).output(filesOutputs.byId).query(({ ctx, input }) => fileById(ctx.db, ctx.user.id, input.fileId)),
  extractMetadata: protectedProcedure
    .input(fileIdInput)
    .output(filesOutputs.extractMetadata)
    .mutation(({ ctx, input }) => refreshFileMetadata(ctx, ctx.user.id, input.fileId)),
});

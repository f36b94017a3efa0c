import { musicInput } from "@/lib/validators";
import { allMusic } from "@/server/services/media/music";
import { musicOutputs } from "@/lib/outputs/music";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const musicRouter = createTRPCRouter({
  all: protectedProcedure.input(musicInput).output(musicOutputs.all).query(({ ctx, input }) => allMusic(ctx.db, ctx.user.id, input)),
});

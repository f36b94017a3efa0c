import { z } from "zod";
import { id, searchUsersInput, updateMeInput } from "@/lib/validators";
import * as usersService from "@/server/services/accounts/users";
import { usersOutputs } from "@/lib/outputs/users";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const usersRouter = createTRPCRouter({
  byId: protectedProcedure
    .input(z.object({ userId: id }))
    .output(usersOutputs.byId)
    .query(({ ctx, input }) => usersService.userById(ctx.db, input.userId)),
  updateMe: protectedProcedure
    .input(updateMeInput)
    .output(usersOutputs.updateMe)
    .mutation(({ ctx, input }) => usersService.updateMe(ctx.db, ctx.user.id, input)),
  search: protectedProcedure
    .input(searchUsersInput)
    .output(usersOutputs.search)
    .query(({ ctx, input }) => usersService.searchUsers(ctx.db, ctx.user.id, input)),
});

import { loginInput, registerInput } from "@/lib/validators";
import * as usersService from "@/server/services/users";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) => usersService.register(ctx.db, input)),
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => usersService.login(ctx.db, input)),
  me: protectedProcedure.query(({ ctx }) => usersService.ownProfile(ctx.db, ctx.user.id)),
  /** Ends this session: its token stops working on every transport. */
  logout: protectedProcedure.mutation(async ({ ctx }) => {
    await usersService.revokeSession(ctx.db, ctx.user.sessionId);
    return { ok: true as const };
  }),
});

import { loginInput, registerInput } from "@/lib/validators";
import { limitedLogin, limitedRegistration } from "@/server/rate-limit/sign-in";
import * as usersService from "@/server/services/users";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(registerInput)
    .mutation(({ ctx, input }) => limitedRegistration(ctx, () => usersService.register(ctx.db, input))),
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => limitedLogin(ctx, input.username, () => usersService.login(ctx.db, input))),
  me: protectedProcedure.query(({ ctx }) => usersService.ownProfile(ctx.db, ctx.user.id)),
  /** Ends this session: its token stops working on every transport. */
  logout: protectedProcedure.mutation(async ({ ctx }) => {
    await usersService.revokeSession(ctx.db, ctx.user.sessionId);
    return { ok: true as const };
  }),
});

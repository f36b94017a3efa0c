import { loginInput, registerInput, revokeSessionInput } from "@/lib/validators";
import { limitedLogin, limitedRegistration } from "@/server/rate-limit/sign-in";
import * as sessionsService from "@/server/services/accounts/sessions";
import * as usersService from "@/server/services/accounts/users";
import { authOutputs } from "@/lib/outputs/auth";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(registerInput)
    .output(authOutputs.register)
    .mutation(({ ctx, input }) =>
      limitedRegistration(ctx, () => usersService.register(ctx.db, input, { kind: "api", userAgent: ctx.client?.userAgent })),
    ),
  login: publicProcedure
    .input(loginInput)
    .output(authOutputs.login)
    .mutation(({ ctx, input }) =>
      limitedLogin(ctx, input.username, () => usersService.login(ctx.db, input, { kind: "api", userAgent: ctx.client?.userAgent })),
    ),
  me: protectedProcedure.output(authOutputs.me).query(({ ctx }) => usersService.ownProfile(ctx.db, ctx.user.id)),
  /** Ends this session: its token stops working on every transport, its sockets close. */
  logout: protectedProcedure.output(authOutputs.logout).mutation(async ({ ctx }) => {
    await sessionsService.revokeOwnSession(ctx, ctx.user, ctx.user.sessionId);
    return { ok: true as const };
  }),
  /** My signed-in devices and API tokens, this one first. */
  sessions: protectedProcedure.output(authOutputs.sessions).query(({ ctx }) => sessionsService.listSessions(ctx.db, ctx.user)),
  /** Signs one of my sessions out (this one too: that is signing out here). */
  revokeSession: protectedProcedure
    .input(revokeSessionInput)
    .output(authOutputs.revokeSession)
    .mutation(({ ctx, input }) => sessionsService.revokeOwnSession(ctx, ctx.user, input.sessionId)),
  /** Signs out every session of mine but this one; `count` is how many. */
  revokeOtherSessions: protectedProcedure.output(authOutputs.revokeOtherSessions).mutation(({ ctx }) => sessionsService.revokeOtherSessions(ctx, ctx.user)),
});

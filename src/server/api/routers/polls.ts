import { createPollInput, pollIdInput, pollVotersInput, votePollInput } from "@/lib/validators";
import { createPoll } from "@/server/services/polls/create";
import { closePoll, votePoll } from "@/server/services/polls/vote";
import { pollVoters } from "@/server/services/polls/voters";
import { pollsOutputs } from "@/lib/outputs/polls";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const pollsRouter = createTRPCRouter({
  create: protectedProcedure.input(createPollInput).output(pollsOutputs.create).mutation(({ ctx, input }) => createPoll(ctx, ctx.user.id, input)),
  vote: protectedProcedure.input(votePollInput).output(pollsOutputs.vote).mutation(({ ctx, input }) => votePoll(ctx, ctx.user.id, input)),
  close: protectedProcedure.input(pollIdInput).output(pollsOutputs.close).mutation(({ ctx, input }) => closePoll(ctx, ctx.user.id, input)),
  voters: protectedProcedure.input(pollVotersInput).output(pollsOutputs.voters).query(({ ctx, input }) => pollVoters(ctx.db, ctx.user.id, input)),
});

// Voting and closing. Each takes the poll's row lock, so the votes of one poll are written one
// after another: the counts each `poll:updated` carries are counted after the vote, in commit
// order, and a vote cannot slip in after the poll closed.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/server/db";
import { pollOptions, polls, pollVotes } from "@/server/db/schema";
import { commitWithEvents, type Emit } from "@/server/events/log";
import type { pollIdInput, votePollInput } from "@/lib/validators";
import { requireMembership } from "@/server/services/chats/access";
import type { PollView } from "@/server/services/dto";
import { badRequest, forbidden } from "@/server/services/errors";
import { isClosed, pollCounts, pollViewOf, type PollRow } from "@/server/services/polls/view";
import { requireVisiblePoll } from "@/server/services/polls/visible";
import type { ServiceDeps } from "@/server/services/deps";

/** Votes, changes my vote (the new choice replaces the old), or retracts it (no options). */
export async function votePoll(deps: ServiceDeps, userId: string, input: z.infer<typeof votePollInput>): Promise<PollView> {
  return commitWithEvents(deps, async (tx, emit) => {
    const poll = await requireVisiblePoll(tx, userId, input.pollId, { lock: true });
    if (isClosed(poll)) throw badRequest("This poll is closed");
    if (!poll.multipleChoice && input.optionIds.length > 1) throw badRequest("This poll takes one answer");
    const options = input.optionIds.length
      ? await tx
          .select({ id: pollOptions.id })
          .from(pollOptions)
          .where(and(eq(pollOptions.pollId, poll.id), inArray(pollOptions.id, input.optionIds)))
      : [];
    if (options.length !== input.optionIds.length) throw badRequest("Choose among this poll's options");
    const before = await tx
      .select({ optionId: pollVotes.optionId })
      .from(pollVotes)
      .where(and(eq(pollVotes.pollId, poll.id), eq(pollVotes.userId, userId)));
    const unchanged = before.length === input.optionIds.length && before.every((v) => input.optionIds.includes(v.optionId));
    if (unchanged) return pollViewOf(tx, userId, poll);
    // A quiz is answered once: the answer and whether it was right stay.
    if (poll.correctPosition !== null && before.length > 0) throw badRequest("A quiz answer is final");
    await tx.delete(pollVotes).where(and(eq(pollVotes.pollId, poll.id), eq(pollVotes.userId, userId)));
    if (input.optionIds.length) {
      await tx.insert(pollVotes).values(input.optionIds.map((optionId) => ({ pollId: poll.id, optionId, userId })));
    }
    const [voted] = await tx
      .update(polls)
      .set({ revision: sql`${polls.revision} + 1` })
      .where(eq(polls.id, poll.id))
      .returning();
    await announce(tx, emit, voted!);
    return pollViewOf(tx, userId, voted!);
  });
}

/** Closes a poll for good: by its creator, or an owner or admin of its chat. Closing it again changes nothing. */
export async function closePoll(deps: ServiceDeps, userId: string, input: z.infer<typeof pollIdInput>): Promise<PollView> {
  return commitWithEvents(deps, async (tx, emit) => {
    const poll = await requireVisiblePoll(tx, userId, input.pollId, { lock: true });
    if (poll.creatorId !== userId) {
      const membership = await requireMembership(tx, poll.chatId, userId);
      if (membership.role !== "owner" && membership.role !== "admin") {
        throw forbidden("Only the poll's author or the chat's admins can close it");
      }
    }
    if (poll.closedAt) return pollViewOf(tx, userId, poll);
    const [closed] = await tx
      .update(polls)
      .set({ closedAt: new Date(), closedBy: userId, revision: sql`${polls.revision} + 1` })
      .where(eq(polls.id, poll.id))
      .returning();
    await announce(tx, emit, closed!);
    return pollViewOf(tx, userId, closed!);
  });
}

/** Tells the chat's members the new counts: counts only, whoever voted. */
async function announce(tx: Executor, emit: Emit, poll: PollRow) {
  const counts = await pollCounts(tx, poll);
  emit({ type: "poll:updated", data: { chatId: poll.chatId, messageId: poll.messageId, pollId: poll.id, ...counts } }, { chatId: poll.chatId });
}

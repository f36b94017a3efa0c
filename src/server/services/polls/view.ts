// How polls read: counts per option counted from the votes (never a stored counter), the
// viewer's own choice, and whether the poll is closed, which its close time decides at read
// time. A leaf of the polls domain: message hydration uses it, so it imports no message module.
import { and, asc, count, countDistinct, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { pollOptions, polls, pollVotes } from "@/server/db/schema";
import { isoOrNull, type PollCounts, type PollView } from "@/server/services/dto";

export type PollRow = typeof polls.$inferSelect;
type OptionRow = typeof pollOptions.$inferSelect;

/** A poll is closed once someone closed it or its close time has passed. */
export const isClosed = (poll: Pick<PollRow, "closedAt" | "closesAt">, now = new Date()) =>
  poll.closedAt !== null || (poll.closesAt !== null && poll.closesAt.getTime() <= now.getTime());

/** The polls of these messages as `viewerId` sees them, by message id. Three queries, however many. */
export async function pollViewsOf(db: Executor, viewerId: string, messageIds: string[]): Promise<Map<string, PollView>> {
  if (messageIds.length === 0) return new Map();
  const pollRows = await db.select().from(polls).where(inArray(polls.messageId, messageIds));
  if (pollRows.length === 0) return new Map();
  const pollIds = pollRows.map((p) => p.id);
  const [options, tallies, voters, mine] = await Promise.all([
    db.select().from(pollOptions).where(inArray(pollOptions.pollId, pollIds)).orderBy(asc(pollOptions.position)),
    tallyRows(db, pollIds),
    voterRows(db, pollIds),
    db
      .select({ pollId: pollVotes.pollId, optionId: pollVotes.optionId })
      .from(pollVotes)
      .where(and(inArray(pollVotes.pollId, pollIds), eq(pollVotes.userId, viewerId))),
  ]);
  const now = new Date();
  return new Map(
    pollRows.map((poll) => {
      const myChoice = mine.filter((v) => v.pollId === poll.id).map((v) => v.optionId);
      const view = buildView(poll, {
        options: options.filter((o) => o.pollId === poll.id),
        votesByOption: new Map(tallies.filter((t) => t.pollId === poll.id).map((t) => [t.optionId, t.votes])),
        totalVoters: voters.find((v) => v.pollId === poll.id)?.voters ?? 0,
        myChoice,
        now,
      });
      return [poll.messageId, view];
    }),
  );
}

export async function pollViewOf(db: Executor, viewerId: string, poll: PollRow): Promise<PollView> {
  return (await pollViewsOf(db, viewerId, [poll.messageId])).get(poll.messageId)!;
}

/** The counts of one poll as everyone may see them. */
export async function pollCounts(db: Executor, poll: PollRow): Promise<PollCounts> {
  const [options, tallies, voters] = await Promise.all([
    db.select().from(pollOptions).where(eq(pollOptions.pollId, poll.id)).orderBy(asc(pollOptions.position)),
    tallyRows(db, [poll.id]),
    voterRows(db, [poll.id]),
  ]);
  const closed = isClosed(poll);
  const correct = closed ? correctOption(poll, options) : null;
  return {
    counts: options.map((o) => ({ optionId: o.id, votes: tallies.find((t) => t.optionId === o.id)?.votes ?? 0 })),
    totalVoters: voters[0]?.voters ?? 0,
    closed,
    correctOptionId: correct?.id ?? null,
    explanation: correct ? poll.explanation : null,
    revision: poll.revision,
  };
}

const tallyRows = (db: Executor, pollIds: string[]) =>
  db
    .select({ pollId: pollVotes.pollId, optionId: pollVotes.optionId, votes: count() })
    .from(pollVotes)
    .where(inArray(pollVotes.pollId, pollIds))
    .groupBy(pollVotes.pollId, pollVotes.optionId);

const voterRows = (db: Executor, pollIds: string[]) =>
  db
    .select({ pollId: pollVotes.pollId, voters: countDistinct(pollVotes.userId) })
    .from(pollVotes)
    .where(inArray(pollVotes.pollId, pollIds))
    .groupBy(pollVotes.pollId);

const correctOption = (poll: PollRow, options: OptionRow[]) =>
  poll.correctPosition === null ? null : (options.find((o) => o.position === poll.correctPosition) ?? null);

/** Whole percentages of the voters (a multiple-choice poll's may add up to more than 100). */
export const percentOf = (votes: number, totalVoters: number) => (totalVoters === 0 ? 0 : Math.round((votes * 100) / totalVoters));

function buildView(
  poll: PollRow,
  parts: { options: OptionRow[]; votesByOption: Map<string, number>; totalVoters: number; myChoice: string[]; now: Date },
): PollView {
  const closed = isClosed(poll, parts.now);
  // A quiz's answer is for those who have answered, and for everyone once it is over.
  const revealed = closed || parts.myChoice.length > 0;
  const correct = revealed ? correctOption(poll, parts.options) : null;
  return {
    id: poll.id,
    messageId: poll.messageId,
    chatId: poll.chatId,
    creatorId: poll.creatorId,
    question: poll.question,
    multipleChoice: poll.multipleChoice,
    anonymous: poll.anonymous,
    quiz: poll.correctPosition !== null,
    options: parts.options.map((o) => {
      const votes = parts.votesByOption.get(o.id) ?? 0;
      return { id: o.id, text: o.text, votes, percent: percentOf(votes, parts.totalVoters) };
    }),
    totalVoters: parts.totalVoters,
    // In the options' order, however the votes were read.
    myChoice: parts.options.filter((o) => parts.myChoice.includes(o.id)).map((o) => o.id),
    closed,
    closesAt: isoOrNull(poll.closesAt),
    closedAt: isoOrNull(poll.closedAt),
    correctOptionId: correct?.id ?? null,
    explanation: correct ? poll.explanation : null,
    revision: poll.revision,
  };
}

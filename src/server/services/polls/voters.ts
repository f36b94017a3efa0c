// Who chose an option of a public poll, page by page. Anonymous polls never say: not to their
// creator, not to an admin, not to an API client.
import { and, asc, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { pollOptions, pollVotes, users } from "@/server/db/schema";
import type { pollVotersInput } from "@/lib/validators";
import { badRequest, forbidden } from "@/server/services/errors";
import { iso, type PublicUser, toPublicUser } from "@/server/services/dto";
import { requireVisiblePoll } from "@/server/services/polls/visible";

export type PollVoterPage = { items: { user: PublicUser; votedAt: string }[]; nextCursor: string | null };

export async function pollVoters(db: Database, viewerId: string, input: z.infer<typeof pollVotersInput>): Promise<PollVoterPage> {
  const poll = await requireVisiblePoll(db, viewerId, input.pollId);
  if (poll.anonymous) throw forbidden("This poll is anonymous: nobody can see who voted for what");
  const [option] = await db
    .select({ id: pollOptions.id })
    .from(pollOptions)
    .where(and(eq(pollOptions.id, input.optionId), eq(pollOptions.pollId, poll.id)));
  if (!option) throw badRequest("Choose among this poll's options");
  // Keyset on the votes' key (poll, option, user): each page is one index range.
  const after = input.cursor ?? null;
  const rows = await db
    .select({ user: users, votedAt: pollVotes.createdAt })
    .from(pollVotes)
    .innerJoin(users, eq(users.id, pollVotes.userId))
    .where(and(eq(pollVotes.pollId, poll.id), eq(pollVotes.optionId, option.id), after ? gt(pollVotes.userId, after) : undefined))
    .orderBy(asc(pollVotes.userId))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({ user: toPublicUser(r.user), votedAt: iso(r.votedAt) })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.user.id : null,
  };
}

import { z } from "zod";
import { obj } from "./object";
import { messageView, pollView, publicUser } from "./shared";

export const pollVoterPage = obj({
  items: z.array(obj({ user: publicUser, votedAt: z.string() })),
  nextCursor: z.string().nullable(),
}).meta({ id: "PollVoterPage" });

/** What each polls procedure answers. */
export const pollsOutputs = {
  create: messageView,
  vote: pollView,
  close: pollView,
  voters: pollVoterPage,
};

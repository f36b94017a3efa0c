// Which polls a person may see: those of messages they may see (a member of the chat, not hidden
// for them "for me", not deleted for everyone). Anyone else is told it does not exist.
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { chatMembers, messages, polls } from "@/server/db/schema";
import { notHiddenFor } from "@/server/services/chats/access";
import { notFound } from "@/server/services/errors";
import type { PollRow } from "@/server/services/polls/view";

export async function requireVisiblePoll(db: Executor, userId: string, pollId: string, options: { lock?: boolean } = {}): Promise<PollRow> {
  const query = db
    .select({ poll: polls, deletedAt: messages.deletedAt })
    .from(polls)
    .innerJoin(messages, eq(messages.id, polls.messageId))
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, polls.chatId), eq(chatMembers.userId, userId)))
    .where(and(eq(polls.id, pollId), notHiddenFor(userId)));
  // The poll's row only: votes on one poll queue behind each other and behind its closing.
  const [row] = options.lock ? await query.for("update", { of: polls }) : await query;
  if (!row || row.deletedAt) throw notFound("Poll");
  return row.poll;
}

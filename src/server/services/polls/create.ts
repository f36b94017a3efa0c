// Posting a poll: a message of kind "poll" (the question is its content, so the chat list,
// search and quotes read it like any text) through the same append as every message, with the
// poll and its options written beside it in the same transaction.
import type { z } from "zod";
import { pollOptions, polls } from "@/server/db/schema";
import { commitWithEvents } from "@/server/events/log";
import type { createPollInput } from "@/lib/validators";
import { lockChat, requireMembership } from "@/server/services/chats/access";
import type { MessageView } from "@/server/services/dto";
import { appendMessage, earlierSend } from "@/server/services/messages/send";
import { endTyping } from "@/server/services/messages/typing";
import type { ServiceDeps } from "@/server/services/deps";

export async function createPoll(deps: ServiceDeps, creatorId: string, input: z.infer<typeof createPollInput>): Promise<MessageView> {
  const message = await commitWithEvents(deps, async (tx, emit) => {
    await requireMembership(tx, input.chatId, creatorId);
    await lockChat(tx, input.chatId);
    // A retry of a create that went through (same client id) gets the poll it made.
    const original = await earlierSend(tx, creatorId, input);
    if (original) return original;
    const newMessage = { chatId: input.chatId, senderId: creatorId, kind: "poll" as const, content: input.question, clientId: input.clientId ?? null };
    return appendMessage(tx, emit, newMessage, async (row) => {
      const [poll] = await tx
        .insert(polls)
        .values({
          messageId: row.id,
          chatId: row.chatId,
          creatorId,
          question: input.question,
          // A quiz has one right answer, so one choice.
          multipleChoice: input.quiz ? false : input.multipleChoice,
          anonymous: input.anonymous,
          correctPosition: input.quiz?.correctOptionIndex ?? null,
          explanation: input.quiz?.explanation || null,
          closesAt: input.closesAt ?? null,
        })
        .returning({ id: polls.id });
      await tx.insert(pollOptions).values(input.options.map((text, position) => ({ pollId: poll!.id, position, text })));
    });
  });
  await endTyping(deps, input.chatId, creatorId);
  return message;
}

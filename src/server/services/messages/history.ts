// A chat's history, newest first and keyset-paged on seq, and single messages, as the caller
// may see them.
import { and, desc, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { messages } from "@/server/db/schema";
import type { listMessagesInput } from "@/lib/validators";
import { notHiddenFor, requireMembership, requireVisibleMessage } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import { notFound } from "@/server/services/errors";
import { hydrateMessage, hydrateMessages } from "@/server/services/messages/hydration";
import { recordDelivery } from "@/server/services/messages/receipts";
import type { MessageView } from "@/server/services/dto";

/**
 * History newest first; the cursor (`cursor`, or `before` as older clients send it) is a
 * message id, and pages are keyset on seq. Fetching a page counts as delivery of what it holds.
 */
export async function listMessages(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof listMessagesInput>,
): Promise<{ items: MessageView[]; nextCursor: string | null }> {
  const { db } = deps;
  const membership = await requireMembership(db, input.chatId, userId);
  const before = input.cursor ?? input.before;
  let beforeSeq: number | undefined;
  if (before) {
    const [anchor] = await db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, before), eq(messages.chatId, input.chatId)));
    if (!anchor) throw notFound("Message");
    beforeSeq = anchor.seq;
  }
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.chatId, input.chatId),
        beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq),
        notHiddenFor(userId),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const items = await hydrateMessages(db, userId, page);
  // Usually already recorded (by the live stream): then no write at all.
  if (page[0] && page[0].seq > membership.lastDeliveredSeq) {
    await recordDelivery(deps, userId, [{ chatId: input.chatId, seq: page[0].seq }]);
  }
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}

export async function messageById(db: Database, userId: string, messageId: string): Promise<MessageView> {
  return hydrateMessage(db, userId, await requireVisibleMessage(db, userId, messageId));
}

// My calls, newest first, page by page. The cursor is the last call's (created_at, id): a
// keyset, so a page deep in the history costs what the first one does. Calls I made and calls
// I received are each read in order from their own index and merged.
import { and, eq, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { calls } from "@/server/db/schema";
import type { ServiceDeps } from "@/server/services/deps";
import type { callHistoryInput } from "@/lib/calls";
import { callViews, sweepDueCalls, type CallView } from "@/server/services/calls/lifecycle";
import { decodeKeyset, newestFirst as newestFirstBy, olderThan, pageOf } from "@/server/services/keyset";
import { requireMembership } from "@/server/services/chats/access";

export async function callHistory(
  deps: ServiceDeps,
  userId: string,
  input: z.infer<typeof callHistoryInput>,
): Promise<{ items: CallView[]; nextCursor: string | null }> {
  if (input.chatId) await requireMembership(deps.db, input.chatId, userId);
  await sweepDueCalls(deps, userId);
  const before = olderThan(calls.createdAt, calls.id, decodeKeyset(input.cursor));
  const take = input.limit + 1;
  const newestFirst = newestFirstBy(calls.createdAt, calls.id);

  const rows = input.chatId
    ? // A direct chat's calls are all between its two members, me included.
      await deps.db
        .select()
        .from(calls)
        .where(and(eq(calls.chatId, input.chatId), before))
        .orderBy(...newestFirst)
        .limit(take)
    : await unionAll(
        deps.db.select().from(calls).where(and(eq(calls.initiatorId, userId), before)).orderBy(...newestFirst).limit(take),
        deps.db.select().from(calls).where(and(eq(calls.calleeId, userId), before)).orderBy(...newestFirst).limit(take),
      )
        .orderBy(sql`created_at DESC`, sql`id DESC`)
        .limit(take);

  const { page, nextCursor } = pageOf(rows, input.limit, (call) => ({ at: call.createdAt, id: call.id }));
  return { items: await callViews(deps, userId, page), nextCursor };
}

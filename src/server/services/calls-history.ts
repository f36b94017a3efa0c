// My calls, newest first, page by page. The cursor is the last call's (created_at, id): a
// keyset, so a page deep in the history costs what the first one does. Calls I made and calls
// I received are each read in order from their own index and merged.
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { calls } from "@/server/db/schema";
import type { Deps } from "@/server/events/log";
import type { callHistoryInput } from "@/lib/calls";
import { badRequest } from "./errors";
import { requireMembership } from "./chats";
import { callViews, sweepDueCalls, type CallView } from "./calls";

export async function callHistory(
  deps: Deps,
  userId: string,
  input: z.infer<typeof callHistoryInput>,
): Promise<{ items: CallView[]; nextCursor: string | null }> {
  if (input.chatId) await requireMembership(deps.db, input.chatId, userId);
  await sweepDueCalls(deps, userId);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const before: SQL | undefined = after
    ? or(lt(calls.createdAt, after.createdAt), and(eq(calls.createdAt, after.createdAt), lt(calls.id, after.id)))
    : undefined;
  const take = input.limit + 1;
  const newestFirst = [desc(calls.createdAt), desc(calls.id)] as const;

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

  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: await callViews(deps, userId, page),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof id !== "string" || Number.isNaN(createdAt.getTime())) throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw badRequest("That cursor is not one this list gave out; start again without it");
  }
}

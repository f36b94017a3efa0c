// Who hears that a cursor moved. A member's read or delivered cursor only changes what the
// authors of the messages it passed see (their ticks, "read by N of M"), so `message:status`
// goes to them alone, one event per author, instead of to every member of the chat.
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/server/db";
import { rowsOf } from "@/server/db/rows";
import { chatMembers, messages } from "@/server/db/schema";
import type { Emit } from "@/server/events/log";
import type { MemberCursors } from "@/server/events/types";

/**
 * The messages whose ticks a member's cursor draws for their authors: someone else's, and not
 * a system line (those show no ticks).
 */
export const tickedFor = (memberId: string | SQL) =>
  sql`${messages.senderId} IS NOT NULL AND ${messages.senderId} <> ${memberId} AND ${messages.kind} <> 'system'`;

/** Tells each author, once, where these members of the chat have got to. */
export function emitStatus(emit: Emit, chatId: string, cursors: readonly MemberCursors[], authorIds: Iterable<string>) {
  for (const authorId of authorIds) {
    // Members move past other people's messages only, so an author's own cursor never changes
    // what they see; it is left out.
    const theirs = cursors.filter((c) => c.userId !== authorId);
    if (theirs.length > 0) emit({ type: "message:status", data: { chatId, cursors: theirs } }, { userId: authorId });
  }
}

/**
 * Moves a member's read and delivered cursors to `upToSeq` (the newest message: they just
 * wrote it) and returns the authors of the messages that passes, whom the move concerns.
 * One statement: the CTEs share a snapshot, so `was` is the cursor before the update.
 */
export async function moveSenderCursors(tx: Executor, chatId: string, memberId: string, upToSeq: number): Promise<string[]> {
  const result = await tx.execute(sql`
    WITH was AS (
      SELECT ${chatMembers.lastReadSeq} AS seq FROM ${chatMembers}
      WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${memberId}
    ), moved AS (
      UPDATE ${chatMembers} SET last_read_seq = ${upToSeq}, last_delivered_seq = ${upToSeq}
      WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${memberId}
    )
    SELECT DISTINCT ${messages.senderId} AS author_id FROM ${messages}, was
    WHERE ${messages.chatId} = ${chatId} AND ${messages.seq} > was.seq AND ${messages.seq} <= ${upToSeq}
      AND ${tickedFor(memberId)}`);
  return rowsOf<{ author_id: string | null }>(result).flatMap((r) => (r.author_id ? [r.author_id] : []));
}

// Who hears that a cursor moved. A member's read or delivered cursor only changes what the
// authors of the messages it passed see (their ticks, "read by N of M"), so `message:status`
// goes to them alone, one event per author, instead of to every member of the chat. A sender's
// own cursors need no event: `message:new` says they are at the new message.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/server/db";
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
 * Moves a member's read and delivered cursors to `upToSeq`: they just wrote that message.
 * Sending reads the chat, and every member's client learns it from the `message:new` (whose
 * sender's cursors are at its seq), so this emits nothing.
 */
export async function moveSenderCursors(tx: Executor, chatId: string, memberId: string, upToSeq: number): Promise<void> {
  await tx
    .update(chatMembers)
    .set({ lastReadSeq: upToSeq, lastDeliveredSeq: upToSeq })
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, memberId)));
}

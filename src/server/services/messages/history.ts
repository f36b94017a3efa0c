// A chat's history, newest first and keyset-paged on seq, and single messages, as the caller
// may see them.
import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/server/db";
import { messages } from "@/server/db/schema";
import { messageRow, type MessageRow } from "@/server/db/message-row";
import type { listMessagesInput } from "@/lib/validators";
import { notHiddenFor, requireMembership, requireVisibleMessage } from "@/server/services/chats/access";
import type { ServiceDeps } from "@/server/services/deps";
import { notFound } from "@/server/services/errors";
import { hydrateMessage, hydrateMessages } from "@/server/services/messages/hydration";
import { recordDelivery } from "@/server/services/messages/receipts";
import type { MessageView } from "@/server/services/dto";

export type MessagePage = {
  items: MessageView[];
  /** Older messages exist: pass as `cursor`. */
  nextCursor: string | null;
  /** Newer messages exist (the page does not reach the newest): pass as `after`. */
  prevCursor: string | null;
};

/** A page as read: its rows newest first, and what lies just beyond each end. */
type Window = { rows: MessageRow[]; olderNeighbour: MessageRow | undefined; hasNewer: boolean };

/**
 * History newest first, keyset on seq. Without a cursor: the newest page. `cursor` (or
 * `before`, as older clients send it): the page older than that message; `after`: the page
 * newer than it; `around`: a page centred on it. Cursors may name a message I have since
 * deleted for me (it was on a page I had); `around` must be one I can see.
 */
export async function listMessages(deps: ServiceDeps, userId: string, input: z.infer<typeof listMessagesInput>): Promise<MessagePage> {
  const { db } = deps;
  const membership = await requireMembership(db, input.chatId, userId);
  const reader = new HistoryReader(db, input.chatId, userId);
  const before = input.cursor ?? input.before;
  let window: Window;
  if (input.around) window = await reader.around(await requireVisibleMessage(db, userId, input.around), input.limit);
  else if (input.after) window = await reader.newerThan(await reader.seqOf(input.after), input.limit);
  else window = await reader.olderThan(before ? await reader.seqOf(before) : undefined, input.limit);

  const { rows, olderNeighbour, hasNewer } = window;
  const items = await hydrateMessages(db, userId, rows);
  const newest = rows[0];
  // What a page holds counts as delivered, but the cursor says "everything up to here": it
  // moves only to the page's newest, and only when that leaves no gap behind it — the page
  // reaches the newest message (as it always did), or starts at or below the cursor. Usually
  // already recorded (by the live stream): then no write at all.
  const delivered = membership.lastDeliveredSeq;
  if (newest && newest.seq > delivered && (!hasNewer || !olderNeighbour || olderNeighbour.seq <= delivered)) {
    await recordDelivery(deps, userId, [{ chatId: input.chatId, seq: newest.seq }]);
  }
  return {
    items,
    nextCursor: olderNeighbour && items.length ? items[items.length - 1]!.id : null,
    prevCursor: hasNewer && items.length ? items[0]!.id : null,
  };
}

/** The keyset reads of one chat as one person sees it (index messages_chat_seq_idx). */
class HistoryReader {
  constructor(
    private readonly db: Database,
    private readonly chatId: string,
    private readonly userId: string,
  ) {}

  private visible(bound?: SQL): SQL | undefined {
    return and(eq(messages.chatId, this.chatId), bound, notHiddenFor(this.userId));
  }

  /** Up to `take` visible messages older than `seq` (all, without it), newest first. */
  private older(seq: number | undefined, take: number): Promise<MessageRow[]> {
    const bound = seq === undefined ? undefined : lt(messages.seq, seq);
    return this.db.select(messageRow).from(messages).where(this.visible(bound)).orderBy(desc(messages.seq)).limit(take);
  }

  /** Up to `take` visible messages newer than `seq`, oldest first. */
  private newer(seq: number, take: number): Promise<MessageRow[]> {
    return this.db.select(messageRow).from(messages).where(this.visible(gt(messages.seq, seq))).orderBy(asc(messages.seq)).limit(take);
  }

  /** A cursor's place: a message of this chat, seen or since deleted for me. */
  async seqOf(messageId: string): Promise<number> {
    const [anchor] = await this.db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.chatId, this.chatId)));
    if (!anchor) throw notFound("Message");
    return anchor.seq;
  }

  async olderThan(seq: number | undefined, limit: number): Promise<Window> {
    const rows = await this.older(seq, limit + 1);
    const page = rows.slice(0, limit);
    // Without a cursor the page starts at the newest; below one, whatever was above it.
    const hasNewer = seq !== undefined && page[0] !== undefined && (await this.newer(page[0].seq, 1)).length > 0;
    return { rows: page, olderNeighbour: rows[limit], hasNewer };
  }

  async newerThan(seq: number, limit: number): Promise<Window> {
    const rows = await this.newer(seq, limit + 1);
    const page = rows.slice(0, limit).reverse();
    const oldest = page.at(-1);
    const [olderNeighbour] = oldest ? await this.older(oldest.seq, 1) : [];
    return { rows: page, olderNeighbour, hasNewer: rows.length > limit };
  }

  /** The anchor with up to half the rest of the page on each side (older gets the odd one). */
  async around(anchor: MessageRow, limit: number): Promise<Window> {
    // Visible to me, but in another of my chats: not a message of this history.
    if (anchor.chatId !== this.chatId) throw notFound("Message");
    const newerCount = Math.floor((limit - 1) / 2);
    const olderCount = limit - 1 - newerCount;
    const [older, newer] = await Promise.all([this.older(anchor.seq, olderCount + 1), this.newer(anchor.seq, newerCount + 1)]);
    const rows = [...newer.slice(0, newerCount).reverse(), anchor, ...older.slice(0, olderCount)];
    return { rows, olderNeighbour: older[olderCount], hasNewer: newer.length > newerCount };
  }
}

export async function messageById(db: Database, userId: string, messageId: string): Promise<MessageView> {
  return hydrateMessage(db, userId, await requireVisibleMessage(db, userId, messageId));
}

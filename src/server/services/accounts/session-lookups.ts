// Who a session stands for ({ id, username, role }), remembered for a few seconds: a run of
// calls by one session reads sessions ⋈ users once, not once per call.
//
// Why a remembered answer cannot outlive a revocation:
// - Every write that can make an answer wrong (a session signed out, a ban, which signs out
//   every session, a role change) closes the sockets of that session or user once it has
//   committed, and every close forgets the matching answers first (ConnectionRegistry.closeHere):
//   here before the write's caller gets its answer, and on every other instance as the close
//   arrives over Redis (cluster/closes.ts). Promoting an admin from configuration closes nothing
//   and forgets here only: elsewhere the lesser role may last a lifetime, which takes nothing away.
//   A username never changes after registration and accounts are never deleted; a write that
//   came to do either would have to close or forget the same way.
// - A lookup under way when anything is forgotten is not remembered: it may have read the rows
//   as they were before the commit.
// - With other instances, answers are neither used nor remembered while the link to Redis is
//   not listening (closes sent meanwhile never arrive), all are forgotten when it is back, and
//   none are remembered for a moment while its subscriptions take hold again.
// The one bounded exception is Redis cut between instances while this one still seems to
// listen (the deciding instance cannot publish, or this one has not yet noticed its connection
// is dead), or the close still on its way (milliseconds): an answer then lives at most
// REMEMBER_MS. Alone (no REDIS_URL), Relay is one process: every write and lookup happen here.
import type { ClusterLink } from "@/server/cluster/link";

export type SessionAnswer = { id: string; username: string; role: "user" | "admin" };

/**
 * The last line of defence: however a close got lost, an answer is read again after this.
 * Short enough that a revocation missed in a Redis outage holds for seconds, long enough to
 * cover the bursts of calls a person sending messages makes.
 */
export const REMEMBER_MS = 10_000;
/** Sessions remembered at most (the oldest go first), as for decoded tokens (auth/token.ts). */
const REMEMBERED_MAX = 10_000;
/**
 * Once the link is back: time for its subscriptions to take hold (ioredis sends them after the
 * connection is ready; a close published before they land is lost).
 */
export const SETTLE_MS = 1_000;

export class SessionLookups {
  private readonly answers = new Map<string, { answer: SessionAnswer; until: number }>();
  /** How many times anything was forgotten: a lookup that saw this change is not remembered. */
  private forgettings = 0;
  private link: ClusterLink | null = null;
  private deaf = false;
  private settledAt = 0;
  /** Lookups that went to the database (for tests to count). */
  lookedUp = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The answer for a session of `userId`: remembered, or from `lookUp` (null: no live session
   * of that user; never remembered).
   */
  async answer(sessionId: string, userId: string, lookUp: () => Promise<SessionAnswer | null>): Promise<SessionAnswer | null> {
    const usable = this.usable();
    const known = usable ? this.answers.get(sessionId) : undefined;
    if (known) {
      if (known.until > this.now() && known.answer.id === userId) return known.answer;
      this.answers.delete(sessionId);
    }
    const mark = this.forgettings;
    this.lookedUp += 1;
    const found = await lookUp();
    if (found && usable && this.usable() && mark === this.forgettings) this.remember(sessionId, found);
    return found;
  }

  /** Forgets the answers for every session of a user, or for one session. */
  forget(kind: "user" | "session", id: string): void {
    this.forgettings += 1;
    if (kind === "session") {
      this.answers.delete(id);
      return;
    }
    for (const [sessionId, { answer }] of this.answers) if (answer.id === id) this.answers.delete(sessionId);
  }

  /**
   * From now on, other instances' closes arrive over `link`: answers are trusted only while it
   * listens, and forgotten whenever it was lost.
   */
  heed(link: ClusterLink): void {
    this.link = link;
    this.forgetAll();
    this.deaf = !link.listening();
    link.onResubscribed(() => {
      this.forgetAll();
      this.settledAt = this.now() + SETTLE_MS;
    });
  }

  private usable(): boolean {
    if (!this.link) return true;
    if (!this.link.listening()) {
      if (!this.deaf) this.forgetAll();
      this.deaf = true;
      return false;
    }
    if (this.deaf) {
      // Back, as seen before onResubscribed said so (or at a first connection, where it does not).
      this.deaf = false;
      this.forgetAll();
      this.settledAt = this.now() + SETTLE_MS;
    }
    return this.now() >= this.settledAt;
  }

  private remember(sessionId: string, answer: SessionAnswer): void {
    this.answers.delete(sessionId);
    if (this.answers.size >= REMEMBERED_MAX) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(sessionId, { answer, until: this.now() + REMEMBER_MS });
  }

  private forgetAll(): void {
    this.forgettings += 1;
    this.answers.clear();
  }
}

const key = Symbol.for("relay.session-lookups");
type Holder = { [key]?: SessionLookups };

/** The process-wide lookups (on globalThis: Next's route handlers load modules a second time). */
export function sessionLookups(): SessionLookups {
  const holder = globalThis as Holder;
  return (holder[key] ??= new SessionLookups());
}

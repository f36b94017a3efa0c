// When each session was last used, for the list of signed-in devices. Every request and
// connection authenticates its token, so writing on each would put a database write on the
// hot path: instead a session's last use is written at most once a minute, after the request
// has moved on. The in-memory stamp skips the query within the minute; the WHERE clause keeps
// several processes (Next's own module graph, other instances) from writing more often.
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "@/server/db";
import { sessions } from "@/server/db/schema";
import { log } from "@/server/log";

export const LAST_USED_RESOLUTION_MS = 60_000;

export class SessionActivity {
  /** Session id → when this process last recorded (or found recorded) its use; oldest first. */
  private readonly stamps = new Map<string, number>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes a use of the session; starts a write if this process has not made one in the last minute. */
  touch(db: Database, sessionId: string): void {
    const now = this.now();
    const last = this.stamps.get(sessionId);
    if (last !== undefined && now - last < LAST_USED_RESOLUTION_MS) return;
    // Re-inserted, so that the map stays ordered by stamp and stale entries sit at its front.
    this.stamps.delete(sessionId);
    this.stamps.set(sessionId, now);
    this.forgetStale(now);
    const write = db
      .update(sessions)
      .set({ lastUsedAt: new Date(now) })
      .where(
        and(
          eq(sessions.id, sessionId),
          or(isNull(sessions.lastUsedAt), lt(sessions.lastUsedAt, new Date(now - LAST_USED_RESOLUTION_MS))),
        ),
      )
      .then(
        () => undefined,
        (error: unknown) => log.warn("Could not record a session's last use", error),
      );
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** A session just created was used just now (its row says so): no write for the next minute. */
  started(sessionId: string): void {
    this.stamps.set(sessionId, this.now());
  }

  /** Resolves once every write started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  /** Stamps older than the resolution would not skip a write any more: drop them (bounded memory). */
  private forgetStale(now: number): void {
    for (const [sessionId, stamp] of this.stamps) {
      if (now - stamp < LAST_USED_RESOLUTION_MS) break;
      this.stamps.delete(sessionId);
    }
  }
}

const key = Symbol.for("relay.session-activity");
type Holder = { [key]?: SessionActivity };

/** The process-wide recorder (on globalThis: Next's route handlers load modules a second time). */
export function sessionActivity(): SessionActivity {
  const holder = globalThis as Holder;
  return (holder[key] ??= new SessionActivity());
}

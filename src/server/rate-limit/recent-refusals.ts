// A flood past a budget is refused before it costs a database round trip: once a session has
// been refused a kind of call, further calls of that kind from it are refused straight from
// this map (in this process's memory) until the wait ends, before their token is checked
// against the database.
import type { CallKind } from "./kinds";

export class RecentRefusals {
  private readonly until = new Map<string, Map<CallKind, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  note(sessionId: string, kind: CallKind, msBeforeNext: number): void {
    let kinds = this.until.get(sessionId);
    if (!kinds) this.until.set(sessionId, (kinds = new Map()));
    kinds.set(kind, this.now() + msBeforeNext);
  }

  get empty(): boolean {
    return this.until.size === 0;
  }

  /** The ms until every one of `kinds` is allowed again for this session, or 0 if one already is. */
  waitFor(sessionId: string, kinds: readonly CallKind[]): number {
    const blocked = this.until.get(sessionId);
    if (!blocked || kinds.length === 0) return 0;
    const now = this.now();
    let longest = 0;
    for (const kind of kinds) {
      const wait = (blocked.get(kind) ?? 0) - now;
      if (wait <= 0) {
        this.prune(sessionId, blocked, now);
        return 0;
      }
      longest = Math.max(longest, wait);
    }
    return longest;
  }

  private prune(sessionId: string, blocked: Map<CallKind, number>, now: number) {
    for (const [kind, until] of blocked) if (until <= now) blocked.delete(kind);
    if (blocked.size === 0) this.until.delete(sessionId);
  }
}

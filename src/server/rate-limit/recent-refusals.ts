// A flood past a budget is refused before it costs a database round trip: once a session has
// been refused a kind of call, further calls of that kind from it are refused straight from
// this map (in this process's memory) until the wait ends, before their token is checked
// against the database. The tokens of refused sessions are remembered too, so that a flood's
// repeated token is not even decrypted again.
import type { CallKind } from "./kinds";

/** Enough for every session flooding at once; past it the oldest token is forgotten (and decrypted again). */
const MAX_TOKENS = 10_000;

export class RecentRefusals {
  private readonly until = new Map<string, Map<CallKind, number>>();
  private readonly sessions = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  note(sessionId: string, kind: CallKind, msBeforeNext: number): void {
    let kinds = this.until.get(sessionId);
    if (!kinds) this.until.set(sessionId, (kinds = new Map()));
    kinds.set(kind, this.now() + msBeforeNext);
  }

  /** The session of a token seen refused, if it is remembered. */
  sessionOf(token: string): string | undefined {
    return this.sessions.get(token);
  }

  rememberToken(token: string, sessionId: string): void {
    if (this.sessions.size >= MAX_TOKENS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(token, sessionId);
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
    if (this.until.size === 0) this.sessions.clear();
  }
}

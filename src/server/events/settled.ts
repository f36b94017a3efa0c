// Where the event log is complete, as PostgreSQL alone can tell it: for the times another
// instance cannot be heard (Redis is down, or the instance died or is cut off), when nobody
// can say which ids it still has in flight.
//
// The argument:
// - Every tick reads the sequence's last value S and the set of transactions in progress.
// - A transaction that holds an id at or below S took it before S was read. It wrote its event
//   row in the same statement, right after taking the id, and so had a transaction id (xid)
//   within moments. A snapshot taken MARGIN_MS after S was read lists it, if it is still going.
// - S is settled once none of the xids that snapshot listed is still in progress: from then on
//   every id at or below S is committed (and readable) or rolled back.
// Rows that only read never get an xid and never hold an event id. A long-running writer of
// anything (a migration, say) holds the position back until it ends, which is safe but late.
import type { Database } from "@/server/db";
import { runStatement } from "@/server/db/statement";
import { log } from "@/server/log";

const TICK_MS = 250;
/** Far longer than the gap between taking an id and writing its row (microseconds). */
const MARGIN_MS = 500;

// A sequence that has handed out nothing yet reads last_value 1 with is_called false.
const SAMPLE = `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM events_id_seq)::text AS last,
  ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())::text) AS xip`;

type Sample = { last: number; at: number; inProgress: string[] | null };

export class LogSettled {
  private settled = 0;
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(private readonly db: Database) {}

  /** Every id at or below this is committed or rolled back, whoever wrote it. */
  value(): number {
    return this.settled;
  }

  start(onAdvance: () => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = true;
      this.tick()
        .then((moved) => moved && onAdvance())
        .catch((error: unknown) => log.warn("Could not read how far the event log is settled", error))
        .finally(() => (this.ticking = false));
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One reading; true when the settled position moved. */
  async tick(now = Date.now()): Promise<boolean> {
    // The sequence is read before the snapshot (left to right in one row).
    const [row] = await runStatement<{ last: string; xip: string[] }>(this.db, SAMPLE, []);
    if (!row) return false;
    const inProgress = new Set(row.xip);
    const before = this.settled;
    for (const sample of this.samples) {
      if (sample.inProgress === null && now - sample.at >= MARGIN_MS) sample.inProgress = row.xip;
    }
    // Settled: its snapshot was taken and none of what it listed is still going (xids only grow,
    // so one below this snapshot's horizon that it does not list has ended).
    while (this.samples.length > 0) {
      const oldest = this.samples[0]!;
      if (oldest.inProgress === null || oldest.inProgress.some((xid) => inProgress.has(xid))) break;
      this.settled = Math.max(this.settled, oldest.last);
      this.samples.shift();
    }
    this.samples.push({ last: Number(row.last), at: now, inProgress: null });
    return this.settled > before;
  }
}

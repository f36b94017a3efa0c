// Test support: the real database with its transactions wrapped, to make commits (or their
// answers) arrive in the order a test needs, as concurrent connections can make them arrive.
import type { Database } from "@/server/db";

type Work = Parameters<Database["transaction"]>[0];

/** The real database, with every transaction run through `around` (which calls `transaction`). */
export function aroundTransactions(db: Database, around: (transaction: Database["transaction"], work: Work) => Promise<unknown>) {
  return new Proxy(db, {
    get(target, property) {
      if (property !== "transaction") return Reflect.get(target, property, target);
      return (work: Work) => around(target.transaction.bind(target), work);
    },
  });
}

/** The real database, except that the answer to a commit reaches us only when `release` is called. */
export function withSlowCommitAnswer(db: Database) {
  let committed = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const slow = aroundTransactions(db, async (transaction, work) => {
    const value = await transaction(work);
    committed = true;
    await released;
    return value;
  });
  return { db: slow, release, isCommitted: () => committed };
}

/** The real database, except that each transaction waits for `open` before it commits. */
export function withHeldCommit(db: Database) {
  let held = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const holding = aroundTransactions(db, (transaction, work) =>
    transaction(async (tx) => {
      const value = await work(tx);
      held += 1;
      await gate;
      return value;
    }),
  );
  return { db: holding, open, isHeld: () => held > 0 };
}

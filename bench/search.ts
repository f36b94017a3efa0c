// Search benchmark: seeds 5,000 chats of messages (1,000,000 on PostgreSQL, 100,000 on
// PGlite), then times the real messages.search through `createCaller` for a user in 200 of
// the chats, and prints the plans of the statements it issues. PGlite in memory by default;
// with DATABASE_URL set, a throwaway database on that server, dropped at the end.
// Run: `npx tsx bench/search.ts` (MESSAGES=… to change the size).
import os from "node:os";
import { sql } from "drizzle-orm";
import { createCaller } from "@/server/api/root";
import { ConnectionRegistry } from "@/server/connections";
import { openThrowawayDatabase } from "@/server/db/throwaway";
import { MemoryEventBus } from "@/server/events/bus";
import { explain, captureStatements, ms, shortSql, time } from "./measure";
import { SEARCH_SIZES, VIEWER_CHAT_ID, VIEWER_ID, seedSearch } from "./search-seed";

const HARD_LIMIT_MS = 20 * 60 * 1000;

type Case = { label: string; q: string; chatId?: string };
const cases: Case[] = [
  { label: "common word", q: "hello" },
  { label: "rare word", q: "xylophone" },
  { label: "phrase", q: '"good morning"' },
  { label: "3-letter substring", q: "orn" },
  { label: "CJK substring", q: "東京" },
  { label: "accent folded", q: "naive" },
  { label: "two words", q: "hello thanks" },
  { label: "common word, one chat", q: "hello", chatId: VIEWER_CHAT_ID },
];

async function main() {
  const bench = await openThrowawayDatabase({ serverUrl: process.env.DATABASE_URL, prefix: "relay_bench" });
  const watchdog = setTimeout(() => {
    console.error("\nStopped: the run exceeded its time limit.");
    void bench.drop().finally(() => process.exit(1));
  }, HARD_LIMIT_MS);
  watchdog.unref();
  process.once("SIGINT", () => void bench.drop().finally(() => process.exit(130)));
  try {
    const messages = Number(process.env.MESSAGES ?? (bench.driver === "pglite" ? 100_000 : 1_000_000));
    console.log(`# Relay search benchmark — ${bench.driver === "pglite" ? "PGlite (in memory)" : "PostgreSQL"}`);
    console.log(`Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    console.log("## Seeding");
    for (const { step, seconds } of await seedSearch(bench.db, messages)) console.log(`  ${step.padEnd(30)} ${seconds.toFixed(1)} s`);
    const viewerChats = SEARCH_SIZES.chats / SEARCH_SIZES.viewerEvery;
    console.log(`  ${messages.toLocaleString("en")} messages in ${SEARCH_SIZES.chats.toLocaleString("en")} chats; the viewer is in ${viewerChats}\n`);

    const viewer = createCaller({
      db: bench.db,
      bus: new MemoryEventBus(),
      connections: new ConnectionRegistry(),
      user: { id: VIEWER_ID, username: "search_viewer", role: "user", sessionId: "bench" },
    });
    const search = (c: Case) => viewer.messages.search({ q: c.q, chatId: c.chatId });

    console.log("## What each query finds (the viewer's first page; matches in all chats, counted with LIKE)");
    for (const c of cases) {
      const page = await search(c);
      const everywhere = await bench.db.execute(
        sql`SELECT count(*)::int AS n FROM messages WHERE search_text LIKE ${`%${c.q.replace(/"/g, "")}%`}`,
      );
      const rows = (Array.isArray(everywhere) ? everywhere : (everywhere as { rows: unknown[] }).rows) as { n: number }[];
      console.log(`  ${`${c.label} (${c.q})`.padEnd(40)} first page ${String(page.items.length).padStart(2)}  all chats ${rows[0]!.n.toLocaleString("en")}`);
    }

    console.log("\n## Latency (createCaller, sequential calls after 20 warm-up calls; ms)");
    for (const c of cases) {
      const t = await time(c.label, () => search(c), { iterations: 200, maxSeconds: 15 });
      console.log(`  ${`${c.label} (${c.q})`.padEnd(40)} n=${String(t.n).padStart(3)}  p50 ${ms(t.median).padStart(6)}  p95 ${ms(t.p95).padStart(6)}  p99 ${ms(t.p99).padStart(6)}`);
    }

    console.log("\n## Plans (EXPLAIN ANALYZE of each statement the procedure sends)");
    const seqScans: string[] = [];
    for (const c of cases) {
      const statements = await captureStatements(bench, () => search(c));
      console.log(`\n### ${c.label} (${c.q}): ${statements.length} statements`);
      for (const statement of statements) {
        if (/^\s*(set|begin|commit)/i.test(statement.sql)) continue;
        const plan = await explain(bench, statement);
        const searching = statement.sql.includes("relay_search");
        console.log(`  ${shortSql(statement.sql, 110)}`);
        for (const line of searching ? plan.lines : plan.lines.filter((l) => /Execution Time/.test(l))) console.log(`    ${line}`);
        seqScans.push(...plan.seqScans.map((s) => `${c.label} (${shortSql(statement.sql, 60)}): ${s}`));
      }
    }
    console.log(`\n## Sequential scans: ${seqScans.length ? seqScans.join("; ") : "none"}`);
  } finally {
    await bench.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

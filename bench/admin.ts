// The admin benchmark: admin.stats and the admin lists over a million messages, through
// `createCaller` as an admin, with the plans of every statement they issue. Checks the
// numbers before timing them. Run: npx tsx bench/admin.ts (DATABASE_URL for PostgreSQL).
import os from "node:os";
import { createCaller } from "@/server/api/root";
import { ConnectionRegistry } from "@/server/connections";
import { openThrowawayDatabase } from "@/server/db/throwaway";
import { MemoryEventBus } from "@/server/events/bus";
import { ADMIN_ID, ADMIN_SIZES, MESSAGES, seedAdmin } from "./admin-seed";
import { captureStatements, explain, ms, shortSql, time, type Timing } from "./measure";

const HARD_LIMIT_MS = 10 * 60_000;
const loadAverage = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Benchmark data check failed: ${message}`);
}

async function main() {
  const started = performance.now();
  const handle = await openThrowawayDatabase({ serverUrl: process.env.DATABASE_URL, prefix: "relay_bench" });
  const watchdog = setTimeout(() => {
    console.error(`\nStopped: the run exceeded ${HARD_LIMIT_MS / 60000} minutes.`);
    void handle.drop().finally(() => process.exit(1));
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const onSignal = () => void handle.drop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    console.log(`# Relay admin benchmark — ${handle.driver === "pglite" ? "PGlite (in memory)" : "PostgreSQL"}`);
    console.log(`Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; ${loadAverage()}\n`);
    console.log("## Seeding");
    for (const { step, seconds } of await seedAdmin(handle.db)) console.log(`  ${step.padEnd(28)} ${seconds.toFixed(2)} s`);

    const admin = createCaller({
      db: handle.db,
      bus: new MemoryEventBus(),
      connections: new ConnectionRegistry(),
      user: { id: ADMIN_ID, username: "bench_admin", role: "admin", sessionId: "bench" },
    });

    // --- The numbers are right before they are timed ---
    // The first call counts every ended day once (what an upgraded server does on its first call).
    const firstCallStarted = performance.now();
    const stats = await admin.admin.stats();
    const firstCallMs = performance.now() - firstCallStarted;
    check(stats.messages === MESSAGES, `messages ${stats.messages}`);
    check(stats.users === ADMIN_SIZES.users + 1, `users ${stats.users}`);
    check(stats.chats === ADMIN_SIZES.chats, `chats ${stats.chats}`);
    check(stats.files === ADMIN_SIZES.files, `files ${stats.files}`);
    const n = ADMIN_SIZES.files;
    check(stats.storageBytes === 1000 * n + (n * (n + 1)) / 2, `storage ${stats.storageBytes}`);
    const perDay = stats.messagesPerDay.reduce((sum, d) => sum + d.count, 0);
    const expected = MESSAGES / ADMIN_SIZES.days;
    check(Math.abs(perDay - 30 * expected) < 2 * expected, `last 30 days hold about a third of the messages (${perDay})`);
    check(stats.activeUsers24h > 0 && stats.activeUsers24h < stats.users, `active ${stats.activeUsers24h}`);
    const firstPage = await admin.admin.messages({ limit: 25 });
    const deepCursor = await walk(async (cursor) => admin.admin.messages({ limit: 100, cursor }), 50);
    const reports = await admin.admin.reports({ status: "open", limit: 25 });
    check(reports.items.length === 25 && reports.items.every((i) => i.reports.length === 2), "report groups of two");
    const inner = reports.items.filter((i) => i.message.seq > 3);
    check(inner.length > 0 && inner.every((i) => i.context.length === 7), "context of three each side");
    console.log(`  checks passed: ${stats.messages.toLocaleString("en")} messages, ${perDay.toLocaleString("en")} in the last 30 days`);
    console.log(`  first admin.stats (counts ${ADMIN_SIZES.days} ended days once): ${ms(firstCallMs)} ms\n`);

    const cases: { label: string; run: () => Promise<unknown>; iterations?: number }[] = [
      { label: "admin.stats (1,000,000 messages)", run: () => admin.admin.stats(), iterations: 50 },
      { label: "admin.messages first page (25)", run: () => admin.admin.messages({ limit: 25 }) },
      { label: "admin.messages 5,000 deep (25)", run: () => admin.admin.messages({ limit: 25, cursor: deepCursor }) },
      { label: "admin.messages of one sender", run: () => admin.admin.messages({ userId: firstPage.items[0]!.sender!.id }) },
      { label: "admin.messages of one chat", run: () => admin.admin.messages({ chatId: firstPage.items[0]!.chat.id }) },
      { label: 'admin.messages q="needle" (1 in 1,000)', run: () => admin.admin.messages({ q: "needle" }), iterations: 30 },
      { label: "admin.users first page", run: () => admin.admin.users({}) },
      { label: 'admin.users q="user_1234"', run: () => admin.admin.users({ q: "user_1234" }) },
      { label: "admin.reactions first page", run: () => admin.admin.reactions({}) },
      { label: "admin.reports open queue (25 of 2,000)", run: () => admin.admin.reports({ status: "open" }) },
      { label: "admin.auditLog first page", run: () => admin.admin.auditLog({}) },
    ];
    console.log("## Latency (createCaller, sequential calls, after warm-up)");
    const timings: Timing[] = [];
    for (const c of cases) {
      const t = await time(c.label, c.run, { warmup: 5, iterations: c.iterations ?? 200, maxSeconds: 10 });
      timings.push(t);
      console.log(`  ${c.label.padEnd(44)} n=${String(t.n).padStart(3)}  median ${ms(t.median).padStart(6)} ms  p95 ${ms(t.p95).padStart(6)} ms`);
    }

    console.log("\n## Plans of admin.stats and the first messages page");
    for (const c of cases.slice(0, 2)) {
      for (const [i, statement] of (await captureStatements(handle, c.run)).entries()) {
        const plan = await explain(handle, statement);
        const execution = plan.lines.find((l) => l.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?";
        console.log(`  ${c.label} [${i + 1}] ${shortSql(statement.sql, 100)}`);
        console.log(`      scans: ${plan.scans.join("; ") || "none"} | execution ${execution}`);
      }
    }
    console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s; ${loadAverage()}`);
  } finally {
    clearTimeout(watchdog);
    await handle.drop();
  }
}

/** Follows `pages` cursors and returns the last one. */
async function walk(page: (cursor: string | null) => Promise<{ nextCursor: string | null }>, pages: number): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    cursor = (await page(cursor)).nextCursor;
    check(cursor, `page ${i + 1} has a next page`);
  }
  return cursor!;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// List benchmark: seeds a large world with bulk SQL, then times the real tRPC procedures
// (messages.list, chats.list, users.search) through `createCaller` and prints the plans of
// the statements they issue. PGlite in memory by default; with DATABASE_URL set, a throwaway
// database on that PostgreSQL server, dropped at the end. Run: `npx tsx bench/lists.ts`.
import os from "node:os";
import { sql } from "drizzle-orm";
import { createCaller } from "@/server/api/root";
import type { DatabaseHandle } from "@/server/db";
import { ConnectionRegistry } from "@/server/connections";
import { openThrowawayDatabase } from "@/server/db/throwaway";
import { MemoryEventBus } from "@/server/events/bus";
import type { ChatSummary } from "@/server/services/dto";
import { captureStatements, explain, ms, shortSql, time, type Plan, type Timing } from "./measure";
import { BIG_CHAT_ID, LIGHT_ID, SIZES, VIEWER_ID, bigMessageId, seed } from "./seed";

/** The whole run stops itself after this long, dropping its database. */
const HARD_LIMIT_MS = 6 * 60 * 1000;

type BenchDatabase = { handle: DatabaseHandle; drop: () => Promise<void> };

async function openBenchDatabase(): Promise<BenchDatabase> {
  const handle = await openThrowawayDatabase({ serverUrl: process.env.DATABASE_URL, prefix: "relay_bench" });
  return { handle, drop: handle.drop };
}

const caller = (handle: DatabaseHandle, id: string, username: string) =>
  createCaller({
    db: handle.db,
    bus: new MemoryEventBus(),
    connections: new ConnectionRegistry(),
    user: { id, username, role: "user", sessionId: "bench" },
  });

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Benchmark data check failed: ${message}`);
}

/** Other work on the machine skews latencies: print the load next to them. */
const loadAverage = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;

type Case = { label: string; run: () => Promise<unknown>; iterations?: number };

async function main() {
  const started = performance.now();
  const bench = await openBenchDatabase();
  const { handle } = bench;
  const watchdog = setTimeout(() => {
    console.error(`\nStopped: the run exceeded ${HARD_LIMIT_MS / 60000} minutes.`);
    void bench.drop().finally(() => process.exit(1));
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const onSignal = () => void bench.drop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const version = await handle.db.execute<{ version: string }>(sql`SELECT version() AS version`);
    const versionRow = (Array.isArray(version) ? version[0] : (version as { rows: { version: string }[] }).rows[0]) as {
      version: string;
    };
    console.log(`# Relay list benchmark — ${handle.driver === "pglite" ? "PGlite (in memory)" : "PostgreSQL"}`);
    console.log(`${versionRow.version}\nNode ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; ${loadAverage()}\n`);

    console.log("## Seeding (bulk INSERT … SELECT generate_series)");
    for (const { step, seconds } of await seed(handle.db)) console.log(`  ${step.padEnd(42)} ${seconds.toFixed(2)} s`);
    const counts = await handle.db.execute<{ t: string; n: number }>(sql.raw(
      `SELECT 'users' AS t, count(*)::int AS n FROM users UNION ALL SELECT 'chats', count(*)::int FROM chats
       UNION ALL SELECT 'chat_members', count(*)::int FROM chat_members UNION ALL SELECT 'messages', count(*)::int FROM messages`,
    ));
    const countRows = (Array.isArray(counts) ? counts : (counts as { rows: { t: string; n: number }[] }).rows) as {
      t: string;
      n: number;
    }[];
    console.log(`  rows: ${countRows.map((r) => `${r.t} ${r.n.toLocaleString("en")}`).join(", ")}\n`);

    const viewer = caller(handle, VIEWER_ID, "bench_viewer");
    const light = caller(handle, LIGHT_ID, "bench_light");
    const N = SIZES.bigChatMessages;

    // --- Data checks (correctness, not time): the pages are the ones we mean to time. ---
    const newest = await viewer.messages.list({ chatId: BIG_CHAT_ID, limit: 50 });
    check(newest.items[0]?.seq === N && newest.items.length === 50, "newest page starts at the last seq");
    check(
      newest.items.filter((m) => m.replyTo).length === 13 && newest.items.filter((m) => m.reactions.length).length === 17,
      "the newest page carries its replies and reactions",
    );
    const deepBefore = bigMessageId(N / 2 + 1);
    const deep = await viewer.messages.list({ chatId: BIG_CHAT_ID, before: deepBefore, limit: 50 });
    check(deep.items[0]?.seq === N / 2 && deep.items[49]?.seq === N / 2 - 49, "deep page is 50,000 messages deep");
    const oldest = await viewer.messages.list({ chatId: BIG_CHAT_ID, before: bigMessageId(51), limit: 50 });
    check(oldest.items[49]?.seq === 1 && oldest.nextCursor === null, "oldest page ends at seq 1");

    // Walk the whole chat list with the real procedure: every chat once, unread counts true.
    const walked: ChatSummary[] = [];
    let cursor: string | null = null;
    let cursorAt1500: string | null = null;
    const walkStarted = performance.now();
    do {
      const page: { items: ChatSummary[]; nextCursor: string | null } = await viewer.chats.list({ cursor, limit: 100 });
      walked.push(...page.items);
      cursor = page.nextCursor;
      if (walked.length === 1500) cursorAt1500 = cursor;
    } while (cursor);
    const walkMs = performance.now() - walkStarted;
    check(walked.length === SIZES.viewerChats, `chat list walk returned ${walked.length} chats`);
    check(new Set(walked.map((c) => c.id)).size === SIZES.viewerChats, "chat list walk repeated a chat");
    check(walked[0]?.id === BIG_CHAT_ID, "the big chat has the newest activity");
    check(cursorAt1500, "cursor after 1,500 chats");
    const trueUnread = await handle.db.execute<{ chat_id: string; n: number }>(sql.raw(
      `SELECT cm.chat_id, count(m.id)::int AS n FROM chat_members cm
       LEFT JOIN messages m ON m.chat_id = cm.chat_id AND m.seq > cm.last_read_seq
       WHERE cm.user_id = '${VIEWER_ID}' GROUP BY cm.chat_id`,
    ));
    const unreadRows = (Array.isArray(trueUnread) ? trueUnread : (trueUnread as { rows: unknown[] }).rows) as {
      chat_id: string;
      n: number;
    }[];
    const unreadByChat = new Map(unreadRows.map((r) => [r.chat_id, r.n]));
    const wrong = walked.filter((c) => unreadByChat.get(c.id) !== c.unreadCount);
    check(wrong.length === 0, `${wrong.length} unread counts differ from counting messages after the read cursor`);
    const unreadTotal = walked.reduce((sum, c) => sum + c.unreadCount, 0);
    const withUnread = walked.filter((c) => c.unreadCount > 0).length;

    const lightPage = await light.chats.list({ limit: 30 });
    check(lightPage.items.length === SIZES.lightChats, "light user has 20 chats");
    const exact = await viewer.users.search({ q: "31337" });
    check(exact.items.some((u) => u.username.endsWith("_31337")), "search finds user 31337");

    // The gallery and the music page, walked to the end once: every item once, in order.
    const galleryDeep = await viewer.chats.files({ chatId: BIG_CHAT_ID, kind: "media", limit: 100 });
    let galleryCursor = galleryDeep.nextCursor;
    let galleryCount = galleryDeep.items.length;
    let galleryHalfway: string | null = null;
    let lastSeq = galleryDeep.items.at(-1)?.seq ?? Infinity;
    while (galleryCursor) {
      const page = await viewer.chats.files({ chatId: BIG_CHAT_ID, kind: "media", limit: 100, cursor: galleryCursor });
      check(page.items.every((item) => item.seq < lastSeq), "gallery pages go back in seq");
      lastSeq = page.items.at(-1)?.seq ?? lastSeq;
      galleryCount += page.items.length;
      if (!galleryHalfway && lastSeq <= N / 2) galleryHalfway = page.nextCursor;
      galleryCursor = page.nextCursor;
    }
    const mediaTotal = Math.floor(N / SIZES.bigChatFileEvery / 3);
    check(Math.abs(galleryCount - mediaTotal) <= 1, `gallery holds every photo (${galleryCount} vs ~${mediaTotal})`);
    check(galleryHalfway, "gallery cursor halfway");
    const music = await viewer.music.all({ limit: 100 });
    let musicCount = music.items.length;
    let musicCursor = music.nextCursor;
    const musicSecondPage = music.nextCursor;
    while (musicCursor) {
      const page = await viewer.music.all({ limit: 100, cursor: musicCursor });
      musicCount += page.items.length;
      musicCursor = page.nextCursor;
    }
    const audioInBigChat = Math.floor(N / SIZES.bigChatFileEvery / 3);
    check(
      Math.abs(musicCount - (audioInBigChat + SIZES.viewerAudioUploads)) <= 1,
      `music page holds the viewer's songs and the big chat's (${musicCount})`,
    );

    // --- Timings ---
    const cases: Case[] = [
      { label: `messages.list newest page (seq ${N}…${N - 49})`, run: () => viewer.messages.list({ chatId: BIG_CHAT_ID, limit: 50 }) },
      {
        label: `messages.list 50,000 deep (seq ${N / 2}…${N / 2 - 49})`,
        run: () => viewer.messages.list({ chatId: BIG_CHAT_ID, before: deepBefore, limit: 50 }),
      },
      {
        label: "messages.list oldest page (seq 50…1)",
        run: () => viewer.messages.list({ chatId: BIG_CHAT_ID, before: bigMessageId(51), limit: 50 }),
      },
      { label: "chats.list first page (30 of 2,000 chats)", run: () => viewer.chats.list({ limit: 30 }) },
      { label: "chats.list page after 1,500 (30 of 2,000)", run: () => viewer.chats.list({ cursor: cursorAt1500, limit: 30 }) },
      { label: "chats.list first page, user with 20 chats", run: () => light.chats.list({ limit: 30 }) },
      { label: "chats.files media, newest page (30)", run: () => viewer.chats.files({ chatId: BIG_CHAT_ID, kind: "media" }) },
      {
        label: "chats.files media, page halfway back",
        run: () => viewer.chats.files({ chatId: BIG_CHAT_ID, kind: "media", cursor: galleryHalfway }),
      },
      { label: `music.all first page (50 of ${musicCount.toLocaleString("en")})`, run: () => viewer.music.all() },
      { label: "music.all second page", run: () => viewer.music.all({ cursor: musicSecondPage }) },
      { label: 'users.search "31337" (1 match)', run: () => viewer.users.search({ q: "31337" }) },
      { label: 'users.search "oluwaseun" (~515 matches)', run: () => viewer.users.search({ q: "oluwaseun" }) },
      { label: 'users.search "smith" (~560 matches)', run: () => viewer.users.search({ q: "smith" }) },
      { label: 'users.search "mar" (3 chars, broad)', run: () => viewer.users.search({ q: "mar" }), iterations: 100 },
      { label: 'users.search "ma" (2 chars, broad)', run: () => viewer.users.search({ q: "ma" }), iterations: 100 },
    ];
    console.log("## Latency of the real procedures (createCaller, sequential calls, after 20 warm-up calls)");
    const timings: Timing[] = [];
    for (const c of cases) {
      const t = await time(c.label, c.run, { iterations: c.iterations ?? 300, maxSeconds: 10 });
      timings.push(t);
      console.log(`  ${c.label.padEnd(48)} n=${String(t.n).padStart(3)}  median ${ms(t.median).padStart(6)} ms  p95 ${ms(t.p95).padStart(6)} ms`);
    }
    const [tNewest, tDeep] = timings;
    console.log(`\n  deep / newest median: ${(tDeep!.median / tNewest!.median).toFixed(2)}×`);
    console.log(
      `  full chat-list walk: ${SIZES.viewerChats} chats in ${Math.ceil(SIZES.viewerChats / 100)} pages of 100, ${ms(walkMs)} ms (one pass, cold)`,
    );
    console.log(
      `  unread counts: ${SIZES.viewerChats} of ${SIZES.viewerChats} equal the number of messages after the read cursor` +
        ` (${withUnread} chats unread, ${unreadTotal} messages in all)\n`,
    );

    // --- Plans of the statements each procedure issued ---
    console.log("## Plans (EXPLAIN ANALYZE, BUFFERS) of every statement each procedure issued");
    const problems: string[] = [];
    for (const c of cases) {
      const statements = await captureStatements(handle, c.run);
      console.log(`\n### ${c.label} — ${statements.length} statements`);
      for (const [i, statement] of statements.entries()) {
        const plan: Plan = await explain(handle, statement);
        const execution = plan.lines.find((l) => l.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?";
        const buffers = plan.lines.find((l) => l.trim().startsWith("Buffers:"))?.trim() ?? "";
        console.log(`\n[${i + 1}] ${shortSql(statement.sql)}`);
        console.log(`    params: ${JSON.stringify(statement.params).slice(0, 160)}`);
        console.log(`    scans: ${plan.scans.join("; ") || "none"} | ${buffers} | execution ${execution}`);
        for (const line of plan.lines) console.log(`      ${line}`);
        if (plan.seqScans.length) problems.push(`${c.label} [${i + 1}]: ${plan.seqScans.join(", ")}`);
      }
    }
    console.log("\n## Sequential scans found");
    console.log(problems.length ? problems.map((p) => `  ${p}`).join("\n") : "  none");
    console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s; ${loadAverage()}`);
  } finally {
    clearTimeout(watchdog);
    await bench.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

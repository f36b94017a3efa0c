// Bulk seeding for the admin benchmark: a million messages over 90 days in 1,000 chats,
// 20,000 users, files, reactions, open reports and audit rows, with set-based
// INSERT … SELECT generate_series statements. Every row is deterministic, so runs compare.
import { sql } from "drizzle-orm";
import type { Database } from "@/server/db";

export const ADMIN_SIZES = {
  users: 20_000,
  chats: 1_000,
  messagesPerChat: 1_000,
  /** Messages are spread evenly over this many days back from now. */
  days: 90,
  files: 50_000,
  reactions: 200_000,
  /** Open reports: one message in every 500, reported by two people each. */
  reportEvery: 500,
  auditRows: 20_000,
} as const;

export const ADMIN_ID = "ab_admin";
export const MESSAGES = ADMIN_SIZES.chats * ADMIN_SIZES.messagesPerChat;

const uid = (expr: string) => `'au' || lpad((${expr})::text, 6, '0')`;
const cid = (expr: string) => `'ac' || lpad((${expr})::text, 5, '0')`;
const mid = (expr: string) => `'am' || lpad((${expr})::text, 8, '0')`;

export async function seedAdmin(db: Database): Promise<{ step: string; seconds: number }[]> {
  const { users, chats, messagesPerChat, days, files, reactions, reportEvery, auditRows } = ADMIN_SIZES;
  const spanSeconds = days * 86_400;
  const steps: [string, string][] = [
    [
      "users",
      `INSERT INTO users (id, username, first_name, last_name, age, password_hash, role, created_at, last_seen_at)
       SELECT ${uid("g")}, 'user_' || g, 'First' || (g % 97), 'Last' || (g % 89), 30, 'x', 'user',
              now() - (g || ' minutes')::interval, now() - ((g % 96) || ' hours')::interval
       FROM generate_series(1, ${users}) g;
       INSERT INTO users (id, username, first_name, last_name, age, password_hash, role)
       VALUES ('${ADMIN_ID}', 'bench_admin', 'Bench', 'Admin', 40, 'x', 'admin')`,
    ],
    [
      "chats + members",
      `INSERT INTO chats (id, type, title, last_seq, last_activity_at)
       SELECT ${cid("g")}, 'group', 'Group ' || g, ${messagesPerChat}, now() FROM generate_series(1, ${chats}) g;
       INSERT INTO chat_members (chat_id, user_id, role)
       SELECT ${cid("c")}, ${uid(`((c * 7 + k) % ${users}) + 1`)}, CASE WHEN k = 0 THEN 'owner' ELSE 'member' END
       FROM generate_series(1, ${chats}) c, generate_series(0, 4) k`,
    ],
    [
      `messages (${(chats * messagesPerChat).toLocaleString("en")})`,
      // Message n (1…1,000,000) is seq ((n-1) / chats) + 1 of chat ((n-1) % chats) + 1, sent
      // by one of that chat's five members; times run evenly from `days` ago to now.
      `INSERT INTO messages (id, chat_id, seq, sender_id, kind, content, created_at)
       SELECT ${mid("n")}, ${cid(`((n - 1) % ${chats}) + 1`)}, ((n - 1) / ${chats}) + 1,
              ${uid(`(((((n - 1) % ${chats}) + 1) * 7 + (n % 5)) % ${users}) + 1`)}, 'text',
              'Message number ' || n || CASE WHEN n % 1000 = 0 THEN ' with the needle' ELSE '' END,
              now() - ((${spanSeconds} * (${chats * messagesPerChat} - n)::float8 / ${chats * messagesPerChat}) || ' seconds')::interval
       FROM generate_series(1, ${chats * messagesPerChat}) n`,
    ],
    [
      "files",
      `INSERT INTO files (id, uploader_id, name, mime_type, kind, size, sha256, storage, storage_key)
       SELECT 'af' || g, ${uid(`(g % ${users}) + 1`)}, 'file' || g || '.png', 'image/png', 'image', 1000 + g, md5(g::text), 'local', 'k/' || g
       FROM generate_series(1, ${files}) g`,
    ],
    [
      "reactions",
      `INSERT INTO reactions (id, message_id, user_id, emoji, created_at)
       SELECT 'ar' || g, ${mid(`((g * 5) % ${chats * messagesPerChat}) + 1`)}, ${uid(`(g % ${users}) + 1`)}, '👍',
              now() - ((${reactions} - g) || ' seconds')::interval
       FROM generate_series(1, ${reactions}) g`,
    ],
    [
      "reports",
      `INSERT INTO message_reports (id, message_id, reporter_id, reason, message_content, created_at)
       SELECT 'ap' || n || '_' || k, ${mid("n")}, ${uid(`((n + k * 13) % ${users}) + 1`)}, 'Spam', 'Message number ' || n,
              now() - ((${MESSAGES} - n) || ' seconds')::interval
       FROM generate_series(${reportEvery}, ${MESSAGES}, ${reportEvery}) n, generate_series(1, 2) k`,
    ],
    [
      "audit log",
      `INSERT INTO admin_audit_log (actor_id, action, target_user_id, reason, created_at)
       SELECT '${ADMIN_ID}', 'disconnect', ${uid(`(g % ${users}) + 1`)}, 'bench', now() - ((${auditRows} - g) || ' seconds')::interval
       FROM generate_series(1, ${auditRows}) g`,
    ],
    [
      "vacuum analyze",
      "VACUUM ANALYZE users; VACUUM ANALYZE chats; VACUUM ANALYZE chat_members; VACUUM ANALYZE messages; " +
        "VACUUM ANALYZE files; VACUUM ANALYZE reactions; VACUUM ANALYZE message_reports; VACUUM ANALYZE admin_audit_log",
    ],
  ];
  return runSeedSteps(db, steps);
}

/** Runs each step's statements (split at each INSERT or VACUUM) in turn, timing each step. */
export async function runSeedSteps(db: Database, steps: [string, string][]): Promise<{ step: string; seconds: number }[]> {
  const timings: { step: string; seconds: number }[] = [];
  for (const [step, text] of steps) {
    const started = performance.now();
    for (const statement of text.split(/;\s*(?=INSERT|VACUUM)/)) await db.execute(sql.raw(statement));
    timings.push({ step, seconds: (performance.now() - started) / 1000 });
  }
  return timings;
}

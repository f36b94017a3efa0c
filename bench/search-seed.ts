// Bulk seeding for the search benchmark: 5,000 group chats of five, the viewer in 200 of them,
// and messages spread evenly over the chats (1,000,000 on PostgreSQL, 100,000 on PGlite), with
// INSERT … SELECT generate_series. Each message is six words drawn from a 2,000-word vocabulary
// with a skewed (cubic) distribution, so some words are in a tenth of all messages and most are
// rare; fixed markers add a rare word and a phrase. Deterministic: runs compare.
import type { Database } from "@/server/db";
import { runSeedSteps } from "./admin-seed";

export const SEARCH_SIZES = { users: 20_000, chats: 5_000, viewerEvery: 25, wordsPerMessage: 6, vocabulary: 2_000 } as const;
export const VIEWER_ID = "sv_viewer";
/** A chat the viewer is in (every 25th chat is theirs). */
export const VIEWER_CHAT_ID = "sc00025";

// The head of the vocabulary sets how common the searched words are: rank 1 is in about 12 %
// of messages, ranks around 30 in about 1 %. The rest are made-up words, a few in other scripts.
const head = ["и", "hello", "天気", "good", "привет", "thanks", "東京", "morning", "größe", "naïve", "corner", "thorn"];
const syllables = ["ka", "lo", "mer", "ti", "san", "dru", "vel", "po", "rin", "ash", "que", "ban", "sol", "fi", "gor", "ne"];

function vocabulary(): string[] {
  const words = [...head];
  for (let i = 0; words.length < SEARCH_SIZES.vocabulary; i++) {
    let word = "";
    for (let n = i + 7; word.length < 4 || n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
    words.push(word);
  }
  return words;
}

const uid = (expr: string) => `'su' || lpad((${expr})::text, 6, '0')`;
const cid = (expr: string) => `'sc' || lpad((${expr})::text, 5, '0')`;

export async function seedSearch(db: Database, messages: number): Promise<{ step: string; seconds: number }[]> {
  const { users, chats, viewerEvery, wordsPerMessage } = SEARCH_SIZES;
  const words = vocabulary();
  const vocab = `ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]::text[]`;
  // A uniform number in [0, 1) from the message number and the word's place: hashint4 is
  // deterministic, unlike random().
  const uniform = (expr: string) => `((hashint4(${expr}) & 2147483647)::float8 / 2147483648)`;
  const spanSeconds = 90 * 86_400;
  const steps: [string, string][] = [
    [
      "users",
      `INSERT INTO users (id, username, first_name, last_name, age, password_hash)
       SELECT ${uid("g")}, 'suser_' || g, 'First' || (g % 97), 'Last' || (g % 89), 30, 'x' FROM generate_series(1, ${users}) g;
       INSERT INTO users (id, username, first_name, last_name, age, password_hash)
       VALUES ('${VIEWER_ID}', 'search_viewer', 'Search', 'Viewer', 30, 'x')`,
    ],
    [
      "chats + members",
      `INSERT INTO chats (id, type, title, last_seq, last_activity_at)
       SELECT ${cid("g")}, 'group', 'Group ' || g, ${Math.ceil(messages / chats)}, now() FROM generate_series(1, ${chats}) g;
       INSERT INTO chat_members (chat_id, user_id, role)
       SELECT ${cid("c")}, ${uid(`((c * 7 + k) % ${users}) + 1`)}, CASE WHEN k = 0 THEN 'owner' ELSE 'member' END
       FROM generate_series(1, ${chats}) c, generate_series(0, 4) k;
       INSERT INTO chat_members (chat_id, user_id, role)
       SELECT ${cid("c")}, '${VIEWER_ID}', 'member' FROM generate_series(${viewerEvery}, ${chats}, ${viewerEvery}) c`,
    ],
    [
      `messages (${messages.toLocaleString("en")})`,
      // Message n is seq ((n-1) / chats) + 1 of chat ((n-1) % chats) + 1; times run evenly over
      // 90 days. One in 5,000 has "xylophone" (half of them in a chat of the viewer); one in 100 opens with "good morning".
      `INSERT INTO messages (id, chat_id, seq, sender_id, kind, content, created_at)
       SELECT 'sm' || lpad(n::text, 8, '0'), ${cid(`((n - 1) % ${chats}) + 1`)}, ((n - 1) / ${chats}) + 1,
              ${uid(`(((((n - 1) % ${chats}) + 1) * 7 + (n % 5)) % ${users}) + 1`)}, 'text',
              CASE WHEN n % 100 = 7 THEN 'good morning ' ELSE '' END
                || (SELECT string_agg((${vocab})[1 + floor(${words.length} * power(${uniform(`n * 8 + k`)}, 3))::int], ' ')
                    FROM generate_series(1, ${wordsPerMessage}) k WHERE n > 0)
                || CASE WHEN n % 10000 IN (25, 4321) THEN ' xylophone' ELSE '' END,
              now() - ((${spanSeconds} * (${messages} - n)::float8 / ${messages}) || ' seconds')::interval
       FROM generate_series(1, ${messages}) n`,
    ],
    ["vacuum analyze", "VACUUM ANALYZE users; VACUUM ANALYZE chats; VACUUM ANALYZE chat_members; VACUUM ANALYZE messages"],
  ];
  return runSeedSteps(db, steps);
}

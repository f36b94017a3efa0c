// Bulk seeding for the list benchmark: a few set-based INSERT … SELECT generate_series
// statements instead of one call per row, so 50,000 users and ~250,000 messages load in
// seconds on PGlite as well as on PostgreSQL. Every row is deterministic, so runs compare.
import { sql } from "drizzle-orm";
import type { Database } from "@/server/db";

export const SIZES = {
  /** Users besides the viewer and the light user: the haystack of users.search. */
  users: 50_000,
  /** The viewer's chats: 1,999 direct chats plus the big group chat. */
  viewerChats: 2_000,
  /** Messages in the big chat whose history is paged. */
  bigChatMessages: 100_000,
  /** Members of the big chat besides the viewer. */
  bigChatPeers: 9,
  /** Direct chats between other people, interleaved in time with the viewer's. */
  otherChats: 20_000,
  otherChatMessages: 3,
  /** The light user's chats, for comparing chats.list at 20 chats with 2,000. */
  lightChats: 20,
  /** Every n-th message of the big chat carries a file (photos, music and documents in turn). */
  bigChatFileEvery: 7,
  /** Audio files the viewer uploaded (the music page's own part). */
  viewerAudioUploads: 300,
} as const;

export const VIEWER_ID = "bench_viewer";
export const LIGHT_ID = "bench_light";
export const BIG_CHAT_ID = "bc_big";

/** Message id of seq `seq` in the big chat. */
export const bigMessageId = (seq: number) => `bmbig_${String(seq).padStart(6, "0")}`;

const userId = (expr: string) => `'bu' || lpad((${expr})::text, 8, '0')`;
const pad = (expr: string) => `lpad((${expr})::text, 8, '0')`;

const FIRST = [
  "Maria", "James", "Aiko", "Oluwaseun", "Chen", "Fatima", "Lucas", "Ingrid", "Mateo", "Priya",
  "Noah", "Zofia", "Kwame", "Elena", "Hiroshi", "Amara", "Liam", "Sofia", "Ravi", "Greta",
  "Omar", "Chloe", "Dmitri", "Leila", "Tomas", "Ana", "Jonas", "Mei", "Samuel", "Nadia",
  "Pedro", "Yuki", "Erik", "Aisha", "Hugo", "Lina", "Arjun", "Freya", "Diego", "Hana",
  "Felix", "Zara", "Kenji", "Alma", "Ivan", "Rosa", "Malik", "Clara", "Theo", "Ines",
  "Bruno", "Eva", "Tariq", "Nora", "Pablo", "Saanvi", "Oskar", "Lucia", "Yusuf", "Maya",
  "Adrian", "Vera", "Kofi", "Julia", "Marco", "Sara", "Anton", "Emma", "Rahul", "Ida",
  "Luca", "Ayla", "Victor", "Lea", "Sven", "Naomi", "Carlos", "Elif", "Ethan", "Mila",
  "Arman", "Olga", "Bilal", "Alice", "Nikolai", "Irene", "Santiago", "Dana", "Emil", "Selin",
  "Rafael", "Hedda", "Wei", "Paula", "Andrei", "Nina", "Jamal",
]; // 97 names
const LAST = [
  "Silva", "Smith", "Tanaka", "Adeyemi", "Wang", "Khan", "Martin", "Larsen", "Garcia", "Patel",
  "Brown", "Nowak", "Mensah", "Rossi", "Sato", "Okafor", "Murphy", "Lopez", "Sharma", "Berg",
  "Haddad", "Dubois", "Ivanov", "Karimi", "Novak", "Costa", "Weber", "Li", "Cohen", "Petrov",
  "Santos", "Suzuki", "Olsen", "Bello", "Moreau", "Fischer", "Reddy", "Holm", "Ramirez", "Kim",
  "Wagner", "Ali", "Yamada", "Nielsen", "Popov", "Romero", "Diallo", "Schmidt", "Evans", "Ferreira",
  "Hassan", "Jensen", "Kowalski", "Lindqvist", "Mendes", "Nakamura", "Owusu", "Pereira", "Quinn", "Richter",
  "Sokolov", "Torres", "Umar", "Vasquez", "Walsh", "Xu", "Young", "Zimmermann", "Abe", "Baker",
  "Castro", "Dahl", "Eriksen", "Fontaine", "Gomez", "Horvat", "Ito", "Jovanovic", "Keller", "Lund",
  "Morales", "Nguyen", "Ortiz", "Park", "Reyes",
]; // 89 names: co-prime with 97, so first × last covers 8,633 combinations
const array = (names: string[]) => `ARRAY[${names.map((n) => `'${n}'`).join(",")}]`;

/** Seeds every table the lists read. Returns the seconds each step took. */
export async function seed(db: Database): Promise<{ step: string; seconds: number }[]> {
  const timings: { step: string; seconds: number }[] = [];
  // One statement per call: PGlite's extended protocol refuses several in one string.
  const step = async (name: string, statements: string) => {
    const started = performance.now();
    for (const statement of statements.split(/;\n/)) await db.execute(sql.raw(statement));
    timings.push({ step: name, seconds: (performance.now() - started) / 1000 });
  };
  const S = SIZES;
  const directChats = S.viewerChats - 1;

  // Users: usernames like "maria_12345"; first and last names cycle independently.
  await step(
    `users (${S.users.toLocaleString("en")})`,
    `INSERT INTO users (id, username, first_name, last_name, age, password_hash, created_at, updated_at)
     SELECT ${userId("i")},
            lower((${array(FIRST)})[1 + i % ${FIRST.length}]) || '_' || i,
            (${array(FIRST)})[1 + i % ${FIRST.length}],
            (${array(LAST)})[1 + i % ${LAST.length}],
            18 + i % 60, 'not-a-hash', now() - i * interval '1 minute', now()
     FROM generate_series(1, ${S.users}) AS i;
     INSERT INTO users (id, username, first_name, last_name, age, password_hash)
     VALUES ('${VIEWER_ID}', 'bench_viewer', 'Bench', 'Viewer', 30, 'not-a-hash'),
            ('${LIGHT_ID}', 'bench_light', 'Bench', 'Light', 30, 'not-a-hash')`,
  );

  // The viewer's direct chats: chat i (1..1,999) with user i holds k = 1 + (i*37) % 40
  // messages; the viewer has read up to r = k - i % 7 (at least 0), and every message after
  // the cursor is the peer's, so last_seq - last_read_seq is the true unread count.
  // Activity times are scattered over ~28 hours so they interleave with other chats.
  const k = `(1 + (i * 37) % 40)`;
  const r = `greatest(0, ${k} - i % 7)`;
  const activity = `(now() - ((i * 7919) % 100000) * interval '1 second')`;
  await step(
    `viewer's ${directChats.toLocaleString("en")} direct chats`,
    `INSERT INTO chats (id, type, direct_key, created_by, created_at, last_seq, last_message_id, last_activity_at)
     SELECT 'bc' || ${pad("i")}, 'direct', '${VIEWER_ID}:' || ${userId("i")}, '${VIEWER_ID}',
            ${activity} - interval '30 days', ${k}, 'bm' || ${pad("i")} || '_' || ${k}, ${activity}
     FROM generate_series(1, ${directChats}) AS i;
     INSERT INTO chat_members (chat_id, user_id, role, joined_at, last_read_seq)
     SELECT 'bc' || ${pad("i")}, '${VIEWER_ID}', 'member', now() - interval '30 days', ${r}
     FROM generate_series(1, ${directChats}) AS i
     UNION ALL
     SELECT 'bc' || ${pad("i")}, ${userId("i")}, 'member', now() - interval '30 days', ${k}
     FROM generate_series(1, ${directChats}) AS i;
     INSERT INTO messages (id, chat_id, seq, sender_id, content, created_at)
     SELECT 'bm' || ${pad("i")} || '_' || s, 'bc' || ${pad("i")}, s,
            CASE WHEN s <= ${r} AND s % 2 = 0 THEN '${VIEWER_ID}' ELSE ${userId("i")} END,
            'Message ' || s || ' in direct chat ' || i,
            ${activity} - (${k} - s) * interval '1 second'
     FROM generate_series(1, ${directChats}) AS i, generate_series(1, ${k}) AS s`,
  );

  // The big group chat: the viewer, nine peers and 100,000 messages; the newest activity.
  const n = S.bigChatMessages;
  await step(
    `big chat (${n.toLocaleString("en")} messages)`,
    `INSERT INTO chats (id, type, title, created_by, created_at, last_seq, last_message_id, last_activity_at)
     VALUES ('${BIG_CHAT_ID}', 'group', 'Big chat', '${VIEWER_ID}', now() - interval '1 year',
             ${n}, '${bigMessageId(n)}', now());
     INSERT INTO chat_members (chat_id, user_id, role, joined_at, last_read_seq)
     VALUES ('${BIG_CHAT_ID}', '${VIEWER_ID}', 'owner', now() - interval '1 year', ${n - 10});
     INSERT INTO chat_members (chat_id, user_id, role, joined_at, last_read_seq)
     SELECT '${BIG_CHAT_ID}', ${userId("p")}, 'member', now() - interval '1 year', ${n} - p * 100
     FROM generate_series(1, ${S.bigChatPeers}) AS p;
     INSERT INTO messages (id, chat_id, seq, sender_id, content, created_at)
     SELECT 'bmbig_' || lpad(s::text, 6, '0'), '${BIG_CHAT_ID}', s,
            CASE WHEN s <= ${n - 10} AND s % 10 = 0 THEN '${VIEWER_ID}' ELSE ${userId(`1 + s % ${S.bigChatPeers}`)} END,
            'Big chat message number ' || s || ', long enough to look like a real line of chat text.',
            now() - (${n} - s) * interval '5 minutes'
     FROM generate_series(1, ${n}) AS s`,
  );

  // What a history page carries besides text: every fourth message of the big chat replies to
  // one three back, and every third has three reactions from peers (100,000 reactions).
  await step(
    "replies and reactions in the big chat",
    `UPDATE messages SET reply_to_id = 'bmbig_' || lpad((seq - 3)::text, 6, '0')
     WHERE chat_id = '${BIG_CHAT_ID}' AND seq % 4 = 0;
     INSERT INTO reactions (id, message_id, user_id, emoji, created_at)
     SELECT 'br_' || s || '_' || p, 'bmbig_' || lpad(s::text, 6, '0'), ${userId("p")},
            (ARRAY['👍', '❤️', '😂'])[1 + (s + p) % 3], now() - (${n} - s) * interval '5 minutes'
     FROM generate_series(3, ${n}, 3) AS s, generate_series(1, 3) AS p`,
  );

  // Other people's direct chats (users 2,001..22,000 with 22,001..42,000), so the viewer's
  // chats are a tenth of the chats table and the global activity index alone cannot serve them.
  const m = S.otherChatMessages;
  await step(
    `other people's ${S.otherChats.toLocaleString("en")} chats`,
    `INSERT INTO chats (id, type, direct_key, created_at, last_seq, last_message_id, last_activity_at)
     SELECT 'bo' || ${pad("j")}, 'direct', ${userId("2000 + j")} || ':' || ${userId(`2000 + ${S.otherChats} + j`)},
            now() - interval '60 days', ${m}, 'bn' || ${pad("j")} || '_${m}',
            now() - ((j * 104729) % 100000) * interval '1 second'
     FROM generate_series(1, ${S.otherChats}) AS j;
     INSERT INTO chat_members (chat_id, user_id, joined_at, last_read_seq)
     SELECT 'bo' || ${pad("j")}, ${userId("2000 + j")}, now() - interval '60 days', ${m}
     FROM generate_series(1, ${S.otherChats}) AS j
     UNION ALL
     SELECT 'bo' || ${pad("j")}, ${userId(`2000 + ${S.otherChats} + j`)}, now() - interval '60 days', ${m - 1}
     FROM generate_series(1, ${S.otherChats}) AS j;
     INSERT INTO messages (id, chat_id, seq, sender_id, content, created_at)
     SELECT 'bn' || ${pad("j")} || '_' || s, 'bo' || ${pad("j")}, s, ${userId("2000 + j")},
            'Hello number ' || s, now() - interval '1 day' + s * interval '1 second'
     FROM generate_series(1, ${S.otherChats}) AS j, generate_series(1, ${m}) AS s`,
  );

  // The light user: 20 direct chats with one message each.
  await step(
    `light user's ${S.lightChats} chats`,
    `INSERT INTO chats (id, type, direct_key, created_at, last_seq, last_message_id, last_activity_at)
     SELECT 'bl' || ${pad("i")}, 'direct', '${LIGHT_ID}:' || ${userId(`45000 + i`)}, now() - interval '10 days',
            1, 'bl' || ${pad("i")} || '_1', now() - i * interval '1 hour'
     FROM generate_series(1, ${S.lightChats}) AS i;
     INSERT INTO chat_members (chat_id, user_id, last_read_seq)
     SELECT 'bl' || ${pad("i")}, '${LIGHT_ID}', 0 FROM generate_series(1, ${S.lightChats}) AS i
     UNION ALL
     SELECT 'bl' || ${pad("i")}, ${userId(`45000 + i`)}, 1 FROM generate_series(1, ${S.lightChats}) AS i;
     INSERT INTO messages (id, chat_id, seq, sender_id, content)
     SELECT 'bl' || ${pad("i")} || '_1', 'bl' || ${pad("i")}, 1, ${userId(`45000 + i`)}, 'Hi'
     FROM generate_series(1, ${S.lightChats}) AS i`,
  );

  // Files: every 7th message of the big chat carries one (image, audio, document in turn); the
  // first message of each other people's chat carries an audio file (music the viewer may not
  // see); and the viewer uploaded 300 songs of their own.
  const every = S.bigChatFileEvery;
  const fileKind = `(ARRAY['image', 'audio', 'document'])[1 + (s / ${every}) % 3]`;
  const fileColumns = "id, uploader_id, name, mime_type, kind, size, sha256, storage, storage_key, created_at";
  await step(
    "files and attachments",
    `INSERT INTO files (${fileColumns})
     SELECT 'bfbig_' || lpad(s::text, 6, '0'), m.sender_id, 'file-' || s, 'application/octet-stream', ${fileKind},
            1000 + s, md5(s::text), 'local', 'bench/' || s, m.created_at
     FROM messages m, generate_series(${every}, ${n}, ${every}) AS s
     WHERE m.id = 'bmbig_' || lpad(s::text, 6, '0');
     UPDATE messages SET kind = 'attachment' WHERE chat_id = '${BIG_CHAT_ID}' AND seq % ${every} = 0;
     INSERT INTO message_attachments (message_id, position, file_id, chat_id, seq, category, created_at)
     SELECT 'bmbig_' || lpad(s::text, 6, '0'), 0, 'bfbig_' || lpad(s::text, 6, '0'), '${BIG_CHAT_ID}', s,
            (ARRAY['media', 'audio', 'docs'])[1 + (s / ${every}) % 3], now()
     FROM generate_series(${every}, ${n}, ${every}) AS s;
     INSERT INTO files (${fileColumns})
     SELECT 'bfo' || ${pad("j")}, ${userId("2000 + j")}, 'song-' || j, 'audio/mpeg', 'audio', 5000000, md5(j::text),
            'local', 'bench/o' || j, now() - j * interval '1 minute'
     FROM generate_series(1, ${S.otherChats}) AS j;
     UPDATE messages SET kind = 'attachment' WHERE id LIKE 'bn%' AND seq = 1;
     INSERT INTO message_attachments (message_id, position, file_id, chat_id, seq, category)
     SELECT 'bn' || ${pad("j")} || '_1', 0, 'bfo' || ${pad("j")}, 'bo' || ${pad("j")}, 1, 'audio'
     FROM generate_series(1, ${S.otherChats}) AS j;
     INSERT INTO files (${fileColumns})
     SELECT 'bfv' || ${pad("i")}, '${VIEWER_ID}', 'my-song-' || i, 'audio/mpeg', 'audio', 4000000, md5(i::text),
            'local', 'bench/v' || i, now() - i * interval '1 hour'
     FROM generate_series(1, ${S.viewerAudioUploads}) AS i`,
  );

  // Every message has reached every member's client (the steady state: delivery is recorded
  // as the live stream hands messages out, so lists rarely find anything left to record).
  await step(
    "mark every message delivered",
    `UPDATE chat_members cm SET last_delivered_seq = c.last_seq
     FROM chats c WHERE c.id = cm.chat_id`,
  );

  // Fresh statistics (a planner on unanalysed tables guesses) and a set visibility map, as
  // autovacuum would leave a table that has been live for a while.
  for (const table of ["users", "chats", "chat_members", "messages", "reactions", "files", "message_attachments"]) {
    await step(`VACUUM ANALYZE ${table}`, `VACUUM ANALYZE ${table}`);
  }
  return timings;
}

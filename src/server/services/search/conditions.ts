// What a parsed search asks of a message, as SQL over `messages`. Text is compared folded
// (lower case, accents removed: relay_search_text, a wrapper of unaccent in drizzle/0016, stored
// as messages.search_text), and each condition is one the message indexes answer: a trigram
// index on the folded text for words and pieces of words in any script, and a `simple`
// text-search index of its words (CJK characters each a word of their own) for phrases, short
// words and CJK text.
import { and, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import type { SearchQuery } from "@/lib/search-query";
import { files, messageAttachments, messages, users } from "@/server/db/schema";
import { escapeLike } from "@/server/services/keyset";

/** Shorter terms have no trigram to look up. */
const TRIGRAM = 3;
// The characters relay_search_cjk_spaced (drizzle/0018) makes words of their own.
const SPACED = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

const folded = sql`${messages.searchText}`;
const words = sql`relay_search_folded_words(${messages.searchText})`;
const wordsOf = (text: string) => sql`to_tsvector('simple', relay_search_spaced(${text}))`;
const wordsInOrder = (text: string) => sql`phraseto_tsquery('simple', relay_search_spaced(${text}))`;

/**
 * How a condition is written: `indexed`, as the indexes serve it (LIKE, @@); or not, as plain
 * functions (strpos, ts_match_vq) no index answers, for candidates already few (see
 * messages.ts): the planner underrates a GIN scan over a common word's entries and would
 * read them all to narrow down a few thousand rows.
 */
export type Form = { indexed: boolean };

const contains = (text: string, { indexed }: Form) =>
  indexed
    ? sql`${folded} LIKE relay_search_text(${`%${escapeLike(text)}%`})`
    : sql`strpos(${folded}, relay_search_text(${text})) > 0`;

/**
 * A message's words match `query`. Unindexed, the words of every candidate would be computed
 * (≈ 5 µs a message), so candidates are first narrowed by `pieces`, which any match contains
 * as plain substrings of its folded text.
 */
const matches = (query: SQL, pieces: SQL, { indexed }: Form) =>
  indexed ? sql`${words} @@ ${query}` : sql`(${pieces} AND ts_match_vq(${words}, ${query}))`;

/**
 * Every word of `text` as `simple` reads it is a piece of any folded text that has those words:
 * the words of a message are pieces of its folded text (CJK characters spaced apart, nothing
 * else changed), and matching words are equal.
 */
const hasEveryWordOf = (text: string) =>
  sql`${folded} LIKE ALL (ARRAY(SELECT '%' || replace(replace(replace(w, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
    FROM unnest(tsvector_to_array(${wordsOf(text)})) w))`;

const inOrder = (text: string, form: Form) => matches(wordsInOrder(text), hasEveryWordOf(text), form);

/**
 * A word: anywhere in the text, by trigram. CJK text: its characters in order, by their
 * positions (two characters have no trigram); with other letters too, then also as typed.
 * One or two other letters: the start of a word.
 */
function hasWord(word: string, form: Form): SQL {
  if (SPACED.test(word)) {
    const cjk = inOrder(word, form);
    return [...word].every((c) => SPACED.test(c)) ? cjk : and(cjk, contains(word, form))!;
  }
  if ([...word].length >= TRIGRAM) return contains(word, form);
  const prefix = word.replace(/[^\p{L}\p{N}]/gu, "");
  // Punctuation alone ("?!") has no word to start; it is looked for as typed.
  if (!prefix) return contains(word, form);
  return matches(sql`to_tsquery('simple', relay_search_text(${`${prefix}:*`}))`, contains(prefix, { indexed: false }), form);
}

/** A phrase: its words together and in this order, as `simple` reads them ("see you" finds "see, you"). */
const hasPhrase = (phrase: string, form: Form): SQL => inOrder(phrase, form);

const hasFile = exists(sql`(SELECT 1 FROM ${messageAttachments} WHERE ${messageAttachments.messageId} = ${messages.id})`);
const hasImage = exists(
  sql`(SELECT 1 FROM ${messageAttachments} JOIN ${files} ON ${files.id} = ${messageAttachments.fileId}
    WHERE ${messageAttachments.messageId} = ${messages.id} AND ${files.kind} = 'image')`,
);
const hasLink = sql`${folded} ~ '(https?://|www\\.)[^[:space:]]'`;

/** The day's bounds in the searcher's time zone (minutes east of UTC). */
function dayStart(day: string, utcOffsetMinutes: number, plusDays = 0): SQL {
  const at = new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000 - utcOffsetMinutes * 60_000);
  return sql`${at.toISOString()}::timestamptz`;
}

/** Everything the query asks, ANDed, in the form asked for; `meId` answers `from:me`. */
export function searchConditions(query: SearchQuery, meId: string, utcOffsetMinutes: number, form: Form): SQL[] {
  const conditions: SQL[] = [
    ...query.words.map((w) => hasWord(w, form)),
    ...query.phrases.map((p) => hasPhrase(p, form)),
    // Never an index's to answer: what is left out is most of everything.
    ...query.excluded.map((w) => sql`NOT (${contains(w, { indexed: false })})`),
  ];
  if (query.from.length) {
    const names = query.from.filter((n) => n !== "me");
    conditions.push(
      or(
        query.from.includes("me") ? eq(messages.senderId, meId) : undefined,
        names.length
          ? sql`${messages.senderId} IN (SELECT ${users.id} FROM ${users} WHERE ${inArray(sql`lower(${users.username})`, names)})`
          : undefined,
      )!,
    );
  }
  for (const has of query.has) conditions.push(has === "file" ? hasFile : has === "image" ? hasImage : hasLink);
  if (query.on) {
    conditions.push(sql`${messages.createdAt} >= ${dayStart(query.on, utcOffsetMinutes)}`);
    conditions.push(sql`${messages.createdAt} < ${dayStart(query.on, utcOffsetMinutes, 1)}`);
  }
  if (query.before) conditions.push(sql`${messages.createdAt} < ${dayStart(query.before, utcOffsetMinutes)}`);
  if (query.after) conditions.push(sql`${messages.createdAt} >= ${dayStart(query.after, utcOffsetMinutes, 1)}`);
  return conditions;
}

/** How well a message matches, for results by relevance: whole words above pieces of words. */
export function relevance(query: SearchQuery): SQL {
  const terms = [...query.words, ...query.phrases];
  if (terms.length === 0) return sql`0`;
  return sql`ts_rank_cd(${words}, ${sql.join(terms.map(wordsInOrder), sql` || `)})`;
}

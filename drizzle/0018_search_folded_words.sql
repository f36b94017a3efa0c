-- Search reads the folded text from a stored column (messages.search_text, next migration), so
-- that checking a message costs no unaccent. These functions start from text already folded;
-- relay_search_spaced (for queries) becomes the same steps from raw text, so the two sides
-- cannot split CJK text differently.
CREATE FUNCTION relay_search_cjk_spaced(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace($1, '([぀-ヿ㐀-鿿가-힯豈-﫿])', ' \1 ', 'g') $$;
--> statement-breakpoint
CREATE FUNCTION relay_search_folded_words(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT to_tsvector('simple', public.relay_search_cjk_spaced($1)) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relay_search_spaced(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.relay_search_cjk_spaced(public.relay_search_text($1)) $$;

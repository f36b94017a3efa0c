-- Message search compares text folded: lower case, accents removed. unaccent() itself is only
-- STABLE (its dictionary could change), so an index cannot use it; naming the dictionary makes
-- the result depend on the text alone, and this wrapper says so. Names are schema-qualified:
-- PostgreSQL 17+ builds indexes with only pg_catalog on the search path.
CREATE FUNCTION relay_search_text(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
--> statement-breakpoint
-- Chinese and Japanese are written without spaces, and Korean words run long: each of their
-- characters is a word here, so that a phrase query ('東' <-> '京') finds any piece of such
-- text by the characters' positions. Everything else splits into words as `simple` reads them.
CREATE FUNCTION relay_search_spaced(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(public.relay_search_text($1), '([぀-ヿ㐀-鿿가-힯豈-﫿])', ' \1 ', 'g') $$;
--> statement-breakpoint
CREATE FUNCTION relay_search_words(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT to_tsvector('simple', public.relay_search_spaced($1)) $$;

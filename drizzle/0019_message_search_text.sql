DROP INDEX "messages_search_trgm_idx";--> statement-breakpoint
DROP INDEX "messages_search_words_idx";--> statement-breakpoint
-- Stored: every message is folded once, when written or edited (a rewrite of the table here).
ALTER TABLE "messages" ADD COLUMN "search_text" text GENERATED ALWAYS AS (relay_search_text(content)) STORED;--> statement-breakpoint
CREATE INDEX "messages_search_trgm_idx" ON "messages" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "messages_search_words_idx" ON "messages" USING gin (relay_search_folded_words("search_text"));--> statement-breakpoint
-- The words are now read from the stored folded text (relay_search_folded_words).
DROP FUNCTION relay_search_words(text);

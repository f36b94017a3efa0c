CREATE INDEX "messages_search_trgm_idx" ON "messages" USING gin (relay_search_text("content") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "messages_search_words_idx" ON "messages" USING gin (relay_search_words("content"));--> statement-breakpoint
CREATE INDEX "messages_chat_created_at_idx" ON "messages" USING btree ("chat_id","created_at");
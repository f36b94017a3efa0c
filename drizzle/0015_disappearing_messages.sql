ALTER TABLE "chats" ADD COLUMN "disappearing_seconds" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD COLUMN "expires_in_sec" integer;--> statement-breakpoint
CREATE INDEX "messages_expires_at_idx" ON "messages" USING btree ("expires_at") WHERE "messages"."expires_at" IS NOT NULL;
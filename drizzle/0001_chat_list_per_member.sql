DROP INDEX "chat_members_user_idx";--> statement-breakpoint
DROP INDEX "chats_last_activity_idx";--> statement-breakpoint
ALTER TABLE "chat_members" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "chat_members_user_activity_idx" ON "chat_members" USING btree ("user_id","last_activity_at" DESC NULLS LAST,"chat_id" DESC NULLS LAST);
DROP INDEX "chat_members_user_activity_idx";--> statement-breakpoint
DROP INDEX "chat_members_user_archived_idx";--> statement-breakpoint
CREATE INDEX "chat_members_user_idx" ON "chat_members" USING btree ("user_id","chat_id");--> statement-breakpoint
ALTER TABLE "chat_members" DROP COLUMN "last_activity_at";
CREATE TABLE "event_log_horizon" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"pruned_through" bigint DEFAULT 0 NOT NULL,
	"pruned_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "events_contacts_of_idx";--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "contacts_of";--> statement-breakpoint
-- Typing, presence and call signals are no longer logged (a resume gets current state).
DELETE FROM "events" WHERE "type" IN ('typing:start', 'typing:stop', 'presence', 'call:signal');

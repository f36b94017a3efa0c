CREATE TABLE "scheduled_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"author_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"kind" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"reply_to_id" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_user_id" text,
	"sticker" text,
	"duration_sec" integer,
	"client_id" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"failure_reason" text,
	"message_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "scheduled_for" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_messages" ADD CONSTRAINT "scheduled_messages_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scheduled_messages_due_idx" ON "scheduled_messages" USING btree ("due_at") WHERE "scheduled_messages"."state" = 'scheduled';--> statement-breakpoint
CREATE INDEX "scheduled_messages_author_chat_idx" ON "scheduled_messages" USING btree ("author_id","chat_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_messages_author_client_id_idx" ON "scheduled_messages" USING btree ("author_id","client_id");
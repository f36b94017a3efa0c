CREATE TABLE "read_marks" (
	"chat_id" text NOT NULL,
	"user_id" text NOT NULL,
	"up_to_seq" integer NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "read_marks_chat_id_user_id_up_to_seq_pk" PRIMARY KEY("chat_id","user_id","up_to_seq")
);
--> statement-breakpoint
ALTER TABLE "chat_members" ADD COLUMN "last_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_members" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "context_type" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "context_id" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "context_key" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "support_user_id" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "read_marks" ADD CONSTRAINT "read_marks_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "read_marks" ADD CONSTRAINT "read_marks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_support_user_id_users_id_fk" FOREIGN KEY ("support_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chats_context_key_idx" ON "chats" USING btree ("context_key");--> statement-breakpoint
CREATE UNIQUE INDEX "chats_open_support_idx" ON "chats" USING btree ("support_user_id") WHERE "chats"."type" = 'support' AND "chats"."closed_at" IS NULL;
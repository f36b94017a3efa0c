CREATE TABLE "calls" (
	"id" text PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"initiator_id" text NOT NULL,
	"callee_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_sec" integer
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"uploader_id" text,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"kind" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage" text NOT NULL,
	"storage_key" text NOT NULL,
	"thumbnail_key" text,
	"cover_key" text,
	"width" integer,
	"height" integer,
	"duration_sec" integer,
	"audio" jsonb,
	"metadata_extracted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_attachments" (
	"message_id" text NOT NULL,
	"position" integer NOT NULL,
	"file_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"seq" integer NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_attachments_message_id_position_pk" PRIMARY KEY("message_id","position")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sticker" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "duration_sec" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "call_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_file_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_initiator_id_users_id_fk" FOREIGN KEY ("initiator_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_callee_id_users_id_fk" FOREIGN KEY ("callee_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_attachments" ADD CONSTRAINT "message_attachments_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_chat_created_idx" ON "calls" USING btree ("chat_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_initiator_created_idx" ON "calls" USING btree ("initiator_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_callee_created_idx" ON "calls" USING btree ("callee_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_live_initiator_idx" ON "calls" USING btree ("initiator_id") WHERE "calls"."status" IN ('ringing', 'active');--> statement-breakpoint
CREATE INDEX "calls_live_callee_idx" ON "calls" USING btree ("callee_id") WHERE "calls"."status" IN ('ringing', 'active');--> statement-breakpoint
CREATE INDEX "files_uploader_kind_idx" ON "files" USING btree ("uploader_id","kind","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "files_created_at_idx" ON "files" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "message_attachments_gallery_idx" ON "message_attachments" USING btree ("chat_id","category","seq" DESC NULLS LAST,"position");--> statement-breakpoint
CREATE INDEX "message_attachments_file_idx" ON "message_attachments" USING btree ("file_id","chat_id");--> statement-breakpoint
CREATE INDEX "users_avatar_file_id_idx" ON "users" USING btree ("avatar_file_id");
CREATE TABLE "secure_devices" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"identity_key" text NOT NULL,
	"prekey_id" integer NOT NULL,
	"prekey_public_key" text NOT NULL,
	"prekey_signature" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "secure_default" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "secure" jsonb;--> statement-breakpoint
ALTER TABLE "secure_devices" ADD CONSTRAINT "secure_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "secure_devices_user_id_idx" ON "secure_devices" USING btree ("user_id");
CREATE TABLE "instance_sockets" (
	"user_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "instance_sockets_user_id_instance_id_pk" PRIMARY KEY("user_id","instance_id")
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instance_sockets" ADD CONSTRAINT "instance_sockets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_sockets" ADD CONSTRAINT "instance_sockets_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instance_sockets_instance_idx" ON "instance_sockets" USING btree ("instance_id");
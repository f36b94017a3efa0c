CREATE TABLE "message_day_counts" (
	"day" date PRIMARY KEY NOT NULL,
	"count" integer NOT NULL
);

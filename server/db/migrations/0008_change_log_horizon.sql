CREATE TABLE "change_log_horizon" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"xid" "xid8" NOT NULL,
	"seq" bigint NOT NULL,
	"archived" bigint NOT NULL,
	"archived_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_log" ADD COLUMN "logged_at" timestamp with time zone DEFAULT now() NOT NULL;
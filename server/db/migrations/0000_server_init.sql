CREATE TABLE "applied_mutations" (
	"desk_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"mutation_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"code" text,
	"params" jsonb,
	"client_at" bigint NOT NULL,
	"server_at" bigint NOT NULL,
	"skew_ms" bigint NOT NULL,
	CONSTRAINT "applied_mutations_desk_id_seq_pk" PRIMARY KEY("desk_id","seq")
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"tbl" text NOT NULL,
	"id" text NOT NULL,
	"op" text NOT NULL,
	"sites" text[]
);
--> statement-breakpoint
CREATE TABLE "desks" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "enrolment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint,
	"used_by_desk_id" text
);
--> statement-breakpoint
CREATE TABLE "records" (
	"tbl" text NOT NULL,
	"id" text NOT NULL,
	"data" jsonb NOT NULL,
	"sites" text[],
	"order_id" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "records_tbl_id_pk" PRIMARY KEY("tbl","id")
);
--> statement-breakpoint
CREATE TABLE "series_numbers" (
	"site_id" text NOT NULL,
	"series" text NOT NULL,
	"n" integer NOT NULL,
	"record_id" text NOT NULL,
	CONSTRAINT "series_numbers_site_id_series_n_pk" PRIMARY KEY("site_id","series","n")
);
--> statement-breakpoint
CREATE TABLE "site_registry" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "site_registry_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "applied_mutations_id" ON "applied_mutations" USING btree ("mutation_id");--> statement-breakpoint
CREATE INDEX "change_log_xid_seq" ON "change_log" USING btree ("xid","seq");--> statement-breakpoint
CREATE INDEX "records_order" ON "records" USING btree ("order_id");
CREATE TABLE "blob_chunks" (
	"sha256" text NOT NULL,
	"offset" bigint NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "blob_chunks_sha256_offset_pk" PRIMARY KEY("sha256","offset")
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"completed_at" bigint
);
--> statement-breakpoint
CREATE INDEX "records_attachment_sha256" ON "records" USING btree (("data"->>'sha256')) WHERE "records"."tbl" = 'attachments';
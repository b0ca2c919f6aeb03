CREATE TABLE "series_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL
);
--> statement-breakpoint
-- What a site held before: its own code, then its counters' series codes, used, revoked or not.
INSERT INTO "series_codes" ("code", "site_id") SELECT "code", "id" FROM "site_registry" ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "series_codes" ("code", "site_id") SELECT DISTINCT "series_code", "site_id" FROM "desks" WHERE "series_code" IS NOT NULL ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "series_codes" ("code", "site_id") SELECT DISTINCT "series_code", "site_id" FROM "enrolment_codes" WHERE "series_code" IS NOT NULL ON CONFLICT DO NOTHING;

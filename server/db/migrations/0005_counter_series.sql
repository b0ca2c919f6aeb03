ALTER TABLE "desks" ADD COLUMN "series_code" text;--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD COLUMN "series_code" text;--> statement-breakpoint
-- A series is named by its code as well since a site may have several (`order-2026` → `order-MI01-2026`).
UPDATE "series_numbers" AS s SET "series" = 'order-' || r."code" || substr(s."series", 6) FROM "site_registry" AS r WHERE r."id" = s."site_id" AND s."series" ~ '^order-[0-9]{4}$';

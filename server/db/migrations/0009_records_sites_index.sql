CREATE INDEX "records_sites" ON "records" USING gin ("sites");--> statement-breakpoint
CREATE INDEX "records_unscoped" ON "records" USING btree ("tbl","id") WHERE "records"."sites" IS NULL;
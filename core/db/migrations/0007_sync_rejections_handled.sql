ALTER TABLE `sync_rejections` ADD `handled_at` integer;--> statement-breakpoint
ALTER TABLE `sync_rejections` ADD `handled_by` text;
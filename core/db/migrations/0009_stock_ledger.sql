DROP INDEX `parts_sku`;--> statement-breakpoint
CREATE INDEX `parts_sku` ON `parts` (`sku`);--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `note` text;
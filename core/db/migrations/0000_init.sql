CREATE TABLE `calendar_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_exceptions_site_day` ON `calendar_exceptions` (`site_id`,`day`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`timezone` text NOT NULL,
	`country` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text NOT NULL,
	`legal` text NOT NULL,
	`sla_policy_id` text,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_code` ON `sites` (`code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`login` text NOT NULL,
	`roles` text NOT NULL,
	`password_hash` text,
	`pin_hash` text,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_login` ON `users` (`login`);--> statement-breakpoint
CREATE INDEX `users_site` ON `users` (`site_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`email` text,
	`tax_id` text,
	`vat_number` text,
	`address` text,
	`privacy_consent_version` text,
	`privacy_consent_at` integer,
	`terms_version` text,
	`notes` text,
	`erased_at` integer
);
--> statement-breakpoint
CREATE INDEX `customers_phone` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `customers_name` ON `customers` (`name`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`customer_id` text NOT NULL,
	`category` text NOT NULL,
	`brand` text NOT NULL,
	`model` text NOT NULL,
	`serial` text,
	`imei` text,
	`purchase_date` text,
	`proof_of_purchase` text,
	`manufacturer_warranty_end` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `devices_customer` ON `devices` (`customer_id`);--> statement-breakpoint
CREATE INDEX `devices_serial` ON `devices` (`serial`);--> statement-breakpoint
CREATE INDEX `devices_imei` ON `devices` (`imei`);--> statement-breakpoint
CREATE INDEX `devices_brand_model` ON `devices` (`brand`,`model`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`sha256` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_order` ON `attachments` (`order_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`user_id` text NOT NULL,
	`site_id` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_created` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `estimates` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`total` integer NOT NULL,
	`answered_via` text,
	`answered_at` integer,
	`answered_by` text,
	`note` text,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `estimates_order` ON `estimates` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text,
	`user_id` text NOT NULL,
	`site_id` text NOT NULL,
	`client_at` integer NOT NULL,
	`data` text,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_events_order` ON `order_events` (`order_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`estimate_id` text,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`part_id` text,
	`quantity_milli` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	`warranty_months` integer DEFAULT 0 NOT NULL,
	`covered_by_warranty` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_order` ON `order_lines` (`order_id`);--> statement-breakpoint
CREATE TABLE `repair_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`number` text NOT NULL,
	`intake_site_id` text NOT NULL,
	`custody_site_id` text NOT NULL,
	`workshop_site_id` text,
	`customer_id` text NOT NULL,
	`device_id` text NOT NULL,
	`status` text NOT NULL,
	`complaint` text NOT NULL,
	`condition` text DEFAULT '[]' NOT NULL,
	`condition_notes` text,
	`accessories` text DEFAULT '[]' NOT NULL,
	`accessories_notes` text,
	`unlock_secret` text,
	`warranty_basis` text DEFAULT 'paid' NOT NULL,
	`warranty_parent_order_id` text,
	`currency` text NOT NULL,
	`preauthorised_amount` integer DEFAULT 0 NOT NULL,
	`diagnosis_fee` integer DEFAULT 0 NOT NULL,
	`deposit` integer DEFAULT 0 NOT NULL,
	`item_value` integer,
	`promised_on` text,
	`created_by` text NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`intake_site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`workshop_site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `repair_orders_number` ON `repair_orders` (`number`);--> statement-breakpoint
CREATE INDEX `repair_orders_status` ON `repair_orders` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `repair_orders_customer` ON `repair_orders` (`customer_id`);--> statement-breakpoint
CREATE INDEX `repair_orders_device` ON `repair_orders` (`device_id`);--> statement-breakpoint
CREATE INDEX `repair_orders_custody` ON `repair_orders` (`custody_site_id`,`status`);--> statement-breakpoint
CREATE INDEX `repair_orders_created` ON `repair_orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`name` text NOT NULL,
	`targets` text NOT NULL,
	`pause_statuses` text NOT NULL,
	`calendar` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transfer_items` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`transfer_id` text NOT NULL,
	`order_id` text NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfer_items_transfer` ON `transfer_items` (`transfer_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`number` text NOT NULL,
	`from_site_id` text NOT NULL,
	`to_site_id` text NOT NULL,
	`status` text NOT NULL,
	`dispatched_at` integer,
	`dispatched_by` text,
	`received_at` integer,
	`received_by` text,
	`signatures` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_number` ON `transfers` (`number`);--> statement-breakpoint
CREATE TABLE `warranty_slips` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`device_id` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`coverage` text NOT NULL,
	`terms_version` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `repair_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warranty_slips_device` ON `warranty_slips` (`device_id`);--> statement-breakpoint
CREATE INDEX `warranty_slips_order` ON `warranty_slips` (`order_id`);--> statement-breakpoint
CREATE TABLE `parts` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	`warranty_months` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parts_sku` ON `parts` (`sku`);--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`site_id` text NOT NULL,
	`part_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`kind` text NOT NULL,
	`order_id` text,
	`transfer_id` text,
	`user_id` text NOT NULL,
	FOREIGN KEY (`part_id`) REFERENCES `parts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_movements_site_part` ON `stock_movements` (`site_id`,`part_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`number` text NOT NULL,
	`series` text NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`order_id` text,
	`credited_invoice_id` text,
	`customer` text NOT NULL,
	`lines` text NOT NULL,
	`currency` text NOT NULL,
	`total_net` integer NOT NULL,
	`total_vat` integer NOT NULL,
	`total_gross` integer NOT NULL,
	`issued_on` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number` ON `invoices` (`number`);--> statement-breakpoint
CREATE INDEX `invoices_issued` ON `invoices` (`issued_on`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`origin_site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`order_id` text NOT NULL,
	`invoice_id` text,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`user_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_order` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `number_series` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `year`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`schema_version` integer NOT NULL,
	`client_at` integer NOT NULL,
	`user_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_mutation_id_unique` ON `outbox` (`mutation_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);

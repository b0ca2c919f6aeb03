CREATE TABLE `sync_rejections` (
	`seq` integer PRIMARY KEY NOT NULL,
	`mutation_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`client_at` integer NOT NULL,
	`user_id` text NOT NULL,
	`code` text NOT NULL,
	`params` text,
	`rejected_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_rejections_mutation_id_unique` ON `sync_rejections` (`mutation_id`);
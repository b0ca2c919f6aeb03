CREATE TABLE `sent_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`schema_version` integer NOT NULL,
	`client_at` integer NOT NULL,
	`user_id` text NOT NULL,
	`order_number` text,
	`accepted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sent_changes_accepted` ON `sent_changes` (`accepted_at`);
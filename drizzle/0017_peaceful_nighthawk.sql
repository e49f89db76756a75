CREATE TABLE `sorting_lookups` (
	`day` text NOT NULL,
	`slug` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`day`, `slug`)
);
--> statement-breakpoint
ALTER TABLE `sorting_items` ADD `variants` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sorting_items` ADD `uncertain` integer DEFAULT false NOT NULL;
CREATE TABLE `sorting_items` (
	`slug` text PRIMARY KEY NOT NULL,
	`zh` text NOT NULL,
	`synonyms` text NOT NULL,
	`en` text NOT NULL,
	`category` text NOT NULL,
	`instructions` text NOT NULL,
	`mistake` text,
	`condition` text,
	`parts` text NOT NULL,
	`materials` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sorting_items_category_idx` ON `sorting_items` (`category`);--> statement-breakpoint
CREATE TABLE `sorting_suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`contact` text,
	`locale` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`item_slug` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	FOREIGN KEY (`item_slug`) REFERENCES `sorting_items`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sorting_suggestions_status_idx` ON `sorting_suggestions` (`status`);
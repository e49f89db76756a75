CREATE TABLE `report_flags` (
	`report_id` integer NOT NULL,
	`who` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`report_id`, `who`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `reports` ADD `hidden_reason` text;
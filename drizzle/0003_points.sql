CREATE TABLE `points` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`type` text NOT NULL,
	`materials` text NOT NULL,
	`address_zh` text NOT NULL,
	`address_en` text NOT NULL,
	`town_code` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`opening_hours` text,
	`operator_zh` text,
	`operator_en` text,
	`phone` text,
	`notes` text,
	`is_sample` integer NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`town_code`) REFERENCES `towns`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `points_town_idx` ON `points` (`town_code`);--> statement-breakpoint
CREATE INDEX `points_type_idx` ON `points` (`type`);